import { redactSecrets } from '../log/redact-secrets.js';

/** Options shared by every error of the mimo-agents family. */
export interface MimoErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * Marks every `MimoError`. `Symbol.for` gives the same symbol to every copy of this package in a
 * process, so `isMimoError` holds for an error built by another installed copy, where `instanceof` fails.
 */
const MIMO_ERROR = Symbol.for('@mimo-agents/core/MimoError');

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
  /** The brand `isMimoError` checks. */
  readonly [MIMO_ERROR] = true;

  constructor(code: string, message: string, options: MimoErrorOptions & { retryable?: boolean } = {}) {
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** True when `value` is any error of the mimo-agents family, from this copy of the package or another. */
export function isMimoError(value: unknown): value is MimoError {
  return (
    typeof value === 'object' && value !== null && (value as { [MIMO_ERROR]?: unknown })[MIMO_ERROR] === true
  );
}
