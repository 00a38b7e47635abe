import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { AbortError } from '../errors/abort-error.js';
import { ApiError } from '../errors/api-error.js';
import { isMimoError, type MimoError } from '../errors/mimo-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { withAttemptSummary } from './api-error-from-response.js';
import type { Limiter } from './limiter.js';
import type { RetryPolicy } from './retry-policy.js';

/** What a caller's `onRetry` hook receives before each retry. */
export interface RetryInfo {
  /** The retry about to be made: 1 for the first retry (the second attempt). */
  attempt: number;
  /** How long the client waits first, in ms. */
  delayMs: number;
  /** Short reason, e.g. `http 429` or `connection_failed`. */
  reason: string;
  /** The error that caused it. */
  error: MimoError;
}

/** Options of {@link withRetries}. */
export interface WithRetriesOptions<T> {
  policy: RetryPolicy;
  limiter: Limiter;
  logger: Logger;
  signal: AbortSignal;
  onRetry?: ((info: RetryInfo) => void) | undefined;
  /** Retries for this call, overriding `policy.maxRetries` (0 = none). */
  maxRetries?: number | undefined;
  /** One attempt (1-based). */
  run: (attempt: number) => Promise<T>;
}

/** Short reason text for logs and `RetryInfo`. */
export function retryReason(error: MimoError): string {
  return error instanceof ApiError ? `http ${error.status}` : error.code;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Run `run` with the client's retry policy (p-retry): retryable `MimoError`s are retried after
 * `policy.delayMs`; a 429 with a wait pauses the shared limiter for everyone; each retry is logged
 * and reported to `onRetry`.
 */
export async function withRetries<T>(options: WithRetriesOptions<T>): Promise<T> {
  const { policy, limiter, logger, signal } = options;
  const maxRetries = options.maxRetries ?? policy.maxRetries;
  let attempts = 0;
  const attempt = (attemptNumber: number): Promise<T> => {
    attempts = attemptNumber;
    return options.run(attemptNumber);
  };
  try {
    return await pRetry(attempt, {
      retries: maxRetries,
      // p-retry's own backoff is switched off: the policy decides the wait (it honours Retry-After).
      minTimeout: 0,
      maxTimeout: 0,
      factor: 1,
      randomize: false,
      signal,
      shouldRetry: ({ error }) => policy.isRetryable(error),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft === 0 || !isMimoError(error) || !policy.isRetryable(error)) return;
        const delayMs = policy.delayMs(attemptNumber, error);
        if (error instanceof RateLimitError && error.retryAfterMs !== undefined) limiter.pauseFor(delayMs);
        const info: RetryInfo = { attempt: attemptNumber, delayMs, reason: retryReason(error), error };
        logger.warn(
          {
            attempt: attemptNumber + 1,
            delayMs,
            reason: info.reason,
            code: error.code,
            message: error.message,
          },
          'mimo request retry',
        );
        options.onRetry?.(info);
        await sleep(delayMs, signal);
      },
    });
  } catch (error) {
    if (signal.aborted) {
      const reason: unknown = signal.reason;
      throw isMimoError(reason)
        ? reason
        : new AbortError({ message: 'Request aborted by the caller.' }, { cause: reason });
    }
    // The message says what the retries did, from the attempts actually made.
    throw error instanceof ApiError ? withAttemptSummary(error, attempts, maxRetries) : error;
  }
}
