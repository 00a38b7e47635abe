import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { isMimoError, type MimoError } from '../errors/mimo-error.js';
import { createLimiter } from './limiter.js';
import { createRetryPolicy } from './retry-policy.js';
import { retryAfter } from './with-retries.js';

const logger = pino({ level: 'silent' });
const policy = createRetryPolicy({ maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 });

/** Attempt 1 failed with this (the `ClientRequest` runs the first attempt itself, then hands its failure to `retryAfter`). */
const reset = () => new ConnectionError({ message: 'reset 1' });

describe('retryAfter (the attempts after a failed first one)', () => {
  it('retries a retryable failure and returns the accepted attempt', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const attempts: number[] = [];
    const options = {
      policy,
      limiter,
      logger,
      signal: new AbortController().signal,
      run: async (attempt: number) => {
        attempts.push(attempt);
        return `ok ${attempt}`;
      },
    };
    const result = await retryAfter(options, 2, reset());
    expect(result).toBe('ok 2');
    expect(attempts).toEqual([2]);
  });

  it('hands an attempt accepted just as the signal aborted to discard (its slot is freed), then throws AbortError', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const controller = new AbortController();
    const discarded: string[] = [];
    const outcome = retryAfter(
      {
        policy,
        limiter,
        logger,
        signal: controller.signal,
        run: async () => {
          const release = await limiter.acquire(controller.signal);
          // The caller aborts after the retry was opened, before retryAfter sees the result.
          controller.abort();
          return { id: 'attempt-2', release };
        },
        discard: (held) => {
          discarded.push(held.id);
          held.release();
        },
      },
      2,
      reset(),
    );
    await expect(outcome).rejects.toBeInstanceOf(AbortError);
    expect(discarded).toEqual(['attempt-2']);
    // The one slot is free again.
    expect(limiter.active).toBe(0);
  });

  it('retries an attempt that throws synchronously like one that rejects, and reports each retry', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const attempts: number[] = [];
    const retries: number[] = [];
    const options = {
      policy,
      limiter,
      logger,
      signal: new AbortController().signal,
      onRetry: (info: { attempt: number }) => retries.push(info.attempt),
      run: (attempt: number) => {
        attempts.push(attempt);
        if (attempt < 3) throw new ConnectionError({ message: `reset ${attempt}` });
        return Promise.resolve(`ok ${attempt}`);
      },
    };
    const result = await retryAfter(options, 2, reset());
    expect(result).toBe('ok 3');
    expect(attempts).toEqual([2, 3]);
    expect(retries).toEqual([1, 2]);
  });

  it('an onRetry hook that throws stops the retries with a typed error naming the fix, its error as the cause', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const attempts: number[] = [];
    const hookError = new Error('hook broke');
    const options = {
      policy,
      limiter,
      logger,
      signal: new AbortController().signal,
      onRetry: () => {
        throw hookError;
      },
      run: (attempt: number) => {
        attempts.push(attempt);
        return Promise.reject(new ConnectionError({ message: 'reset' }));
      },
    };
    const error = await retryAfter(options, 2, reset()).catch((thrown: unknown) => thrown);
    expect(isMimoError(error)).toBe(true);
    expect((error as MimoError).code).toBe('on_retry_failed');
    expect((error as MimoError).message).toContain('Fix: make onRetry not throw');
    expect((error as MimoError).cause).toBe(hookError);
    expect(attempts).toEqual([]);
  });

  it('makes no retry when the signal is already aborted, and gives up after the budget', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const run = async (): Promise<string> => {
      calls += 1;
      throw new ConnectionError({ message: 'reset' });
    };
    await expect(
      retryAfter({ policy, limiter, logger, signal: controller.signal, run }, 2, reset()),
    ).rejects.toBeInstanceOf(AbortError);
    expect(calls).toBe(0);
    const error = await retryAfter(
      { policy, limiter, logger, signal: new AbortController().signal, run },
      2,
      reset(),
    ).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConnectionError);
    // maxRetries 2: three attempts in all, the first one the caller's.
    expect(calls).toBe(2);
  });
});
