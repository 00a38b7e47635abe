import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** The connection failed or broke before the response ended. Retryable. */
export class ConnectionError extends MimoError {
  constructor(fields: { message: string }, options: MimoErrorOptions = {}) {
    super('connection_failed', fields.message, { ...options, retryable: true });
  }
}
