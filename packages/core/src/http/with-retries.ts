import type { Logger } from 'pino';
import { AbortError } from '../errors/abort-error.js';
import { ApiError } from '../errors/api-error.js';
import { isMimoError, MimoError } from '../errors/mimo-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { withAttemptSummary } from './api-error-from-response.js';
import type { AbortLike } from './call-abort.js';
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

/** Options of {@link retryAfter} (a `ClientRequest` is its own). */
export interface WithRetriesOptions<T> {
  policy: RetryPolicy;
  limiter: Limiter;
  logger: Logger;
  signal: AbortLike;
  onRetry?: ((info: RetryInfo) => void) | undefined;
  /** Retries for this call, overriding `policy.maxRetries` (0 = none). */
  maxRetries?: number | undefined;
  /** One attempt (1-based). */
  run: (attempt: number) => Promise<T>;
  /** Frees what a successful attempt holds when the signal aborted just as it succeeded (it is dropped). */
  discard?: ((result: T) => void) | undefined;
}

/** Short reason text for logs and `RetryInfo`. */
export function retryReason(error: MimoError): string {
  return error instanceof ApiError ? `http ${error.status}` : error.code;
}

function sleep(ms: number, signal: AbortLike): Promise<void> {
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

/** The retries a call may make: its own `maxRetries`, else its policy's (never below 0). */
export function retryBudget(options: Pick<WithRetriesOptions<unknown>, 'policy' | 'maxRetries'>): number {
  return Math.max(0, options.maxRetries ?? options.policy.maxRetries);
}

/**
 * What a call stops with when its signal aborted before or just as attempt `attempts` succeeded: the
 * abort's reason, typed (as {@link retryAfter} rejects).
 */
export function abortedCallError(signal: AbortLike, attempts: number, maxRetries: number): unknown {
  return finalError(signal, signal.reason, attempts, maxRetries);
}

/**
 * The client's retry policy, after a failed first attempt (its caller, a `ClientRequest`, runs the
 * first one itself): retryable `MimoError`s are retried after `policy.delayMs`; a 429 with a wait
 * pauses the shared limiter for everyone; each retry is logged and reported to `onRetry`. Starts from
 * attempt 1's error (`maxRetries` from {@link retryBudget}).
 */
export async function retryAfter<T>(
  options: WithRetriesOptions<T>,
  maxRetries: number,
  failure: unknown,
): Promise<T> {
  const { policy, signal } = options;
  let attempts = 1;
  let thrown = failure;
  try {
    for (;;) {
      if (signal.aborted) throw thrown;
      const error =
        thrown instanceof Error
          ? thrown
          : new TypeError(`Non-error was thrown: "${String(thrown)}". You should only throw errors.`);
      if (attempts > maxRetries || !isMimoError(error) || !policy.isRetryable(error)) throw error;
      await beforeRetry(options, attempts, error);
      attempts += 1;
      if (signal.aborted) throw signal.reason;
      try {
        const result = await options.run(attempts);
        if (signal.aborted) {
          options.discard?.(result);
          throw signal.reason;
        }
        return result;
      } catch (next) {
        if (signal.aborted) throw next;
        thrown = next;
      }
    }
  } catch (error) {
    throw finalError(signal, error, attempts, maxRetries);
  }
}

/** What a call that stops throws: the abort's reason (typed) when the signal aborted, else the error with the attempt summary. */
function finalError(signal: AbortLike, error: unknown, attempts: number, maxRetries: number): unknown {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return isMimoError(reason)
      ? reason
      : new AbortError({ message: 'Request aborted by the caller.' }, { cause: reason });
  }
  // The message says what the retries did, from the attempts actually made.
  return error instanceof ApiError ? withAttemptSummary(error, attempts, maxRetries) : error;
}

/** After failed attempt `attempt`: pause the limiter on a 429's wait, log, tell `onRetry`, wait. */
async function beforeRetry<T>(
  options: WithRetriesOptions<T>,
  attempt: number,
  error: MimoError,
): Promise<void> {
  const { policy, limiter, logger, signal } = options;
  const delayMs = policy.delayMs(attempt, error);
  if (error instanceof RateLimitError && error.retryAfterMs !== undefined) limiter.pauseFor(delayMs);
  const info: RetryInfo = { attempt, delayMs, reason: retryReason(error), error };
  logger.warn(
    { attempt: attempt + 1, delayMs, reason: info.reason, code: error.code, message: error.message },
    'mimo request retry',
  );
  try {
    options.onRetry?.(info);
  } catch (hookError) {
    throw new MimoError(
      'on_retry_failed',
      `The onRetry hook threw before retry ${attempt + 1}, so the request was not retried (the hook's error is the cause; the failure it was told about: ${error.code}). Fix: make onRetry not throw.`,
      { cause: hookError },
    );
  }
  if (signal.aborted) throw signal.reason;
  await sleep(delayMs, signal);
}
