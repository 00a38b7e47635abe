import type { RetryInfo } from '../http/with-retries.js';

/** Per-request options of `client.create()` and `client.stream()`. */
export interface RequestOptions {
  /** Aborts the request (and leaves the limiter queue at once if it is still waiting). */
  signal?: AbortSignal;
  /** Extra top-level body fields, sent as they are (the escape hatch for fields the guard does not know). */
  extraBody?: Record<string, unknown>;
  /** Called before each retry with the attempt, the wait and the reason. */
  onRetry?: (info: RetryInfo) => void;
}
