import { ConfigError } from '../errors/config-error.js';
import type { RetryInfo } from '../http/with-retries.js';

/** Per-request options of `client.create()` and `client.stream()`. */
export interface RequestOptions {
  /** Aborts the request (and leaves the limiter queue at once if it is still waiting). */
  signal?: AbortSignal;
  /** Extra top-level body fields, sent as they are (the escape hatch for fields the guard does not know). */
  extraBody?: Record<string, unknown>;
  /** Called before each retry with the attempt, the wait and the reason. */
  onRetry?: (info: RetryInfo) => void;
  /**
   * Retries for this request, overriding the client's `maxRetries` (0 = no retries). The runner
   * passes what is left of its budget when it resends a whole turn, so attempts never multiply.
   */
  maxRetries?: number;
}

/** Check `options.maxRetries` (a non-negative integer when given); throws `ConfigError` before sending. */
export function requestMaxRetries(options: RequestOptions): number | undefined {
  const value: unknown = options.maxRetries;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigError({
      field: 'maxRetries',
      problem: `${String(value)} as a request option`,
      fix: "pass an integer >= 0, or leave it out to use the client's",
    });
  }
  return value;
}
