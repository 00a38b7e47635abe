import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { isMimoError, type MimoError } from '../errors/mimo-error.js';
import { createLimiter } from './limiter.js';
import { createRetryPolicy } from './retry-policy.js';
import { withRetries } from './with-retries.js';

const logger = pino({ level: 'silent' });
const policy = createRetryPolicy({ maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 });

describe('withRetries', () => {
  it('retries a retryable failure and returns the accepted attempt', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const attempts: number[] = [];
    const result = await withRetries({
      policy,
      limiter,
      logger,
      signal: new AbortController().signal,
      run: async (attempt) => {
        attempts.push(attempt);
        if (attempt === 1) throw new ConnectionError({ message: 'reset' });
        return `ok ${attempt}`;
      },
    });
    expect(result).toBe('ok 2');
    expect(attempts).toEqual([1, 2]);
  });

  it('hands an attempt accepted just as the signal aborted to discard (its slot is freed), then throws AbortError', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const controller = new AbortController();
    const discarded: string[] = [];
    const outcome = withRetries({
      policy,
      limiter,
      logger,
      signal: controller.signal,
      run: async () => {
        const release = await limiter.acquire(controller.signal);
        // The caller aborts after the attempt was opened, before withRetries sees the result.
        controller.abort();
        return { id: 'attempt-1', release };
      },
      discard: (held) => {
        discarded.push(held.id);
        held.release();
      },
    });
    await expect(outcome).rejects.toBeInstanceOf(AbortError);
    expect(discarded).toEqual(['attempt-1']);
    // The one slot is free again.
    expect(limiter.active).toBe(0);
  });

  it('retries an attempt that throws synchronously like one that rejects, and reports each retry', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const attempts: number[] = [];
    const retries: number[] = [];
    const result = await withRetries({
      policy,
      limiter,
      logger,
      signal: new AbortController().signal,
      onRetry: (info) => retries.push(info.attempt),
      run: (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw new ConnectionError({ message: `reset ${attempt}` });
        return Promise.resolve(`ok ${attempt}`);
      },
    });
    expect(result).toBe('ok 3');
    expect(attempts).toEqual([1, 2, 3]);
    expect(retries).toEqual([1, 2]);
  });

  it('an onRetry hook that throws stops the retries with a typed error naming the fix, its error as the cause', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const attempts: number[] = [];
    const hookError = new Error('hook broke');
    const error = await withRetries({
      policy,
      limiter,
      logger,
      signal: new AbortController().signal,
      onRetry: () => {
        throw hookError;
      },
      run: (attempt) => {
        attempts.push(attempt);
        return Promise.reject(new ConnectionError({ message: 'reset' }));
      },
    }).catch((thrown: unknown) => thrown);
    expect(isMimoError(error)).toBe(true);
    expect((error as MimoError).code).toBe('on_retry_failed');
    expect((error as MimoError).message).toContain('Fix: make onRetry not throw');
    expect((error as MimoError).cause).toBe(hookError);
    expect(attempts).toEqual([1]);
  });

  it('makes no attempt when the signal is already aborted, and gives up after the budget', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Infinity });
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const run = async (): Promise<string> => {
      calls += 1;
      throw new ConnectionError({ message: 'reset' });
    };
    await expect(
      withRetries({ policy, limiter, logger, signal: controller.signal, run }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(calls).toBe(0);
    const error = await withRetries({
      policy,
      limiter,
      logger,
      signal: new AbortController().signal,
      run,
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConnectionError);
    // maxRetries 2: three attempts in all.
    expect(calls).toBe(3);
  });
});
