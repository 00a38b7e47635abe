import { ApiError, type ApiErrorFields } from './api-error.js';
import type { MimoErrorOptions } from './mimo-error.js';

/** Fields of an {@link UpstreamOutageError}. */
export interface UpstreamOutageErrorFields extends ApiErrorFields {
  /** The `retry.retryable400Patterns` entry the body matched. */
  pattern: string;
}

/**
 * An HTTP 400 whose body says the server itself failed (MiMo answers some of its own outages with
 * 400, e.g. `finishConnect(..) failed: Connection refused`). Retryable, unlike other 400s.
 */
export class UpstreamOutageError extends ApiError {
  /** The pattern the body matched. */
  readonly pattern: string;

  constructor(fields: UpstreamOutageErrorFields, options: MimoErrorOptions = {}) {
    const said = [fields.serverMessage, fields.param].filter((part) => part !== undefined).join(': ');
    const message = `MiMo answered ${fields.status} for its own outage (${said === '' ? 'body' : said} matches retry.retryable400Patterns entry ${JSON.stringify(fields.pattern)}); retried with backoff. Fix: if it persists, wait for MiMo to recover; drop the pattern from retry.retryable400Patterns to stop retrying it.`;
    super({ ...fields, message }, { ...options, code: 'upstream_outage', retryable: true });
    this.pattern = fields.pattern;
  }
}
