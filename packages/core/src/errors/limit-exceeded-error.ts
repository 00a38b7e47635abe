import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** Fields of a `LimitExceededError`. */
export interface LimitExceededErrorFields {
  /** The setting that holds the limit, e.g. `limits.maxEventBytes`. */
  setting: string;
  /** The limit that was passed (bytes). */
  limit: number;
  /** What was too large and the fix. */
  message: string;
}

/**
 * Something the server sent was larger than a buffer limit allows (a stream event, a response body).
 * Nothing more was read and the connection was dropped. Not retried: the same request would get the
 * same answer. Raise the setting it names if the size is legitimate.
 */
export class LimitExceededError extends MimoError {
  /** The setting that holds the limit, e.g. `limits.maxEventBytes`. */
  readonly setting: string;
  /** The limit that was passed (bytes). */
  readonly limit: number;

  constructor(fields: LimitExceededErrorFields, options: MimoErrorOptions = {}) {
    super('limit_exceeded', fields.message, { ...options, retryable: false });
    this.setting = fields.setting;
    this.limit = fields.limit;
  }
}
