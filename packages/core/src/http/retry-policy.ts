import { AbortError } from '../errors/abort-error.js';
import { isMimoError } from '../errors/mimo-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';

/** When and how long to wait before sending again; shared by the client and the runner. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = never retry). */
  maxRetries: number;
  /**
   * True for a `MimoError` with `retryable: true` that is not an abort, unless the server asked
   * for a wait longer than `maxRetryAfterMs` (then failing now beats hanging).
   */
  isRetryable(error: unknown): boolean;
  /** Wait before retry number `attempt` (1-based): the server's `retryAfterMs` as given, else backoff with full jitter. */
  delayMs(attempt: number, error: unknown): number;
}

/** Options of {@link createRetryPolicy}. */
export interface RetryPolicyOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff step in ms. Default 500. */
  baseDelayMs?: number;
  /** Backoff cap in ms when the server names no wait. Default 30 000. */
  maxDelayMs?: number;
  /**
   * Longest server-named wait (`retry-after-ms` / `retry-after`) honoured, in ms; a longer one
   * fails with the `RateLimitError` instead of waiting. Default 600 000 (10 minutes).
   */
  maxRetryAfterMs?: number;
  /** Random source in [0, 1), for tests. */
  random?: () => number;
}

/**
 * The retry policy: retry retryable `MimoError`s; wait what the server asked (up to
 * `maxRetryAfterMs`, beyond which it gives up), else exponential backoff (base × 2^(attempt−1),
 * capped at `maxDelayMs`) with full jitter.
 * @example createRetryPolicy({ maxRetries: 3, baseDelayMs: 10 }).delayMs(2, error)
 */
export function createRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const maxRetries = options.maxRetries ?? 2;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 600_000;
  const random = options.random ?? Math.random;
  const serverWait = (error: unknown): number | undefined =>
    error instanceof RateLimitError ? error.retryAfterMs : undefined;
  return {
    maxRetries,
    isRetryable(error) {
      if (!isMimoError(error) || !error.retryable || error instanceof AbortError) return false;
      // A wait this long is a quota, not a burst: surface it so the caller can decide.
      return (serverWait(error) ?? 0) <= maxRetryAfterMs;
    },
    delayMs(attempt, error) {
      // A server that names its wait knows better than our guess: honour it as given (maxDelayMs
      // only bounds our own backoff); isRetryable has already refused a wait past maxRetryAfterMs.
      const named = serverWait(error);
      if (named !== undefined) return named;
      const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
      // Full jitter spreads clients that failed together so they do not all come back at once.
      return Math.round(random() * ceiling);
    },
  };
}
