import { ApiError, type ApiErrorFields } from './api-error.js';
import type { MimoErrorOptions } from './mimo-error.js';

/** HTTP 401: the key is invalid or belongs to another host. Never retried. */
export class AuthenticationError extends ApiError {
  constructor(fields: ApiErrorFields & { message: string }, options: MimoErrorOptions = {}) {
    super(fields, { ...options, code: 'authentication_failed', retryable: false });
  }
}
