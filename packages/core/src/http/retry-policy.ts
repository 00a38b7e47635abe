import { AbortError } from '../errors/abort-error.js';
import { isMimoError } from '../errors/mimo-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';

/** When and how long to wait before sending again; shared by the client and the runner. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = never retry). */
  maxRetries: number;
  /** True for a `MimoError` with `retryable: true` that is not an abort. */
  isRetryable(error: unknown): boolean;
  /** Wait before retry number `attempt` (1-based): the server's `retryAfterMs`, else backoff with full jitter. */
  delayMs(attempt: number, error: unknown): number;
}

/** Options of {@link createRetryPolicy}. */
export interface RetryPolicyOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff step in ms. Default 500. */
  baseDelayMs?: number;
  /** Backoff cap in ms (also caps a server's Retry-After). Default 30 000. */
  maxDelayMs?: number;
  /** Random source in [0, 1), for tests. */
  random?: () => number;
}

/**
 * The retry policy: retry retryable `MimoError`s; wait what the server asked, else
 * exponential backoff (base × 2^(attempt−1), capped) with full jitter.
 * @example createRetryPolicy({ maxRetries: 3, baseDelayMs: 10 }).delayMs(2, error)
 */
export function createRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const maxRetries = options.maxRetries ?? 2;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const random = options.random ?? Math.random;
  return {
    maxRetries,
    isRetryable(error) {
      return isMimoError(error) && error.retryable && !(error instanceof AbortError);
    },
    delayMs(attempt, error) {
      // A server that names its wait knows better than our guess; still cap it so a bad header cannot stall us for hours.
      if (error instanceof RateLimitError && error.retryAfterMs !== undefined)
        return Math.min(error.retryAfterMs, cap);
      const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
      // Full jitter spreads clients that failed together so they do not all come back at once.
      return Math.round(random() * ceiling);
    },
  };
}
