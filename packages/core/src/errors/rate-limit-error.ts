import { ApiError, type ApiErrorFields } from './api-error.js';
import type { MimoErrorOptions } from './mimo-error.js';

/** HTTP 429: too many requests (or a token-plan quota used up). Retryable. */
export class RateLimitError extends ApiError {
  /** The wait the server asked for (`retry-after-ms` / `retry-after`), when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    fields: ApiErrorFields & { message: string; retryAfterMs?: number | undefined },
    options: MimoErrorOptions = {},
  ) {
    super(fields, { ...options, code: 'rate_limited', retryable: true });
    this.retryAfterMs = fields.retryAfterMs;
  }
}
