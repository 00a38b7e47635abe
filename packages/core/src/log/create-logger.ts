import { type Level, type Logger, pino, stdSerializers } from 'pino';
import { REDACTED, redactValue } from './redact-secrets.js';

/** pino redact paths: auth headers anywhere we might put headers. */
export const LOG_REDACT_PATHS: readonly string[] = [
  'headers["api-key"]',
  'headers.authorization',
  '*.headers["api-key"]',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
];

/**
 * pino serializers for `err` / `error` that redact every string of the serialised error (message,
 * stack, `param`, `serverMessage`, `raw`, the `cause` chain) with `secrets` and the key patterns.
 */
export function redactingSerializers(
  secrets: readonly string[],
): Record<'err' | 'error', (value: unknown) => unknown> {
  const serialize = (value: unknown): unknown =>
    redactValue(value instanceof Error ? stdSerializers.err(value) : value, secrets);
  return { err: serialize, error: serialize };
}

/**
 * The client's logger: the one given (as a child), or a new pino logger at `level` (default
 * `silent`); either way `api-key` / `authorization` are redacted and errors pass through
 * {@link redactingSerializers}.
 */
export function createLogger(
  logger: Logger | Level | 'silent' | undefined,
  secrets: readonly string[] = [],
): Logger {
  const redact = { paths: [...LOG_REDACT_PATHS], censor: REDACTED };
  const serializers = redactingSerializers(secrets);
  if (logger !== undefined && typeof logger !== 'string')
    return logger.child({ name: 'mimo' }, { serializers, redact });
  return pino({ name: 'mimo', level: logger ?? 'silent', redact, serializers });
}
