import { redactSecrets } from '../log/redact-secrets.js';
import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** The server sent something that is not a valid event stream (e.g. a frame that is not JSON). */
export class StreamProtocolError extends MimoError {
  /** The offending raw text, secrets redacted and cut to a few hundred characters. */
  readonly raw: string;

  constructor(
    fields: { message: string; raw: string },
    options: MimoErrorOptions & { retryable?: boolean } = {},
  ) {
    super('stream_protocol', fields.message, options);
    this.raw = redactSecrets(fields.raw);
  }
}
