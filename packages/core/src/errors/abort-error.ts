import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** The caller aborted the request (signal, `stream.abort()` or leaving a `for await`). Not retried. */
export class AbortError extends MimoError {
  constructor(fields: { message?: string } = {}, options: MimoErrorOptions = {}) {
    super('aborted', fields.message ?? 'Request aborted by the caller.', { ...options, retryable: false });
  }
}
