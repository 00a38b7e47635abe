import { redactSecrets } from '../log/redact-secrets.js';

/** Options shared by every error of the mimo-agents family. */
export interface MimoErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by mimo-agents. `code` is stable and safe to branch on;
 * the message names the field at fault and the fix. Key-shaped text (bearer tokens, `api-key:`
 * values, `sk-…`/`tp-…` keys) is redacted from the message at construction, before the stack is taken.
 */
export class MimoError extends Error {
  /** Stable, machine-readable error code, e.g. `config_invalid`. */
  readonly code: string;
  /** Whether repeating the same operation may succeed. */
  readonly retryable: boolean;

  constructor(code: string, message: string, options: MimoErrorOptions & { retryable?: boolean } = {}) {
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** True when `value` is any error of the mimo-agents family. */
export function isMimoError(value: unknown): value is MimoError {
  return value instanceof MimoError;
}
