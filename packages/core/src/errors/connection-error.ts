import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** The connection failed or broke before the response ended. Retryable. */
export class ConnectionError extends MimoError {
  constructor(message: string, options: MimoErrorOptions = {}) {
    super('connection_failed', message, { ...options, retryable: true });
  }
}
