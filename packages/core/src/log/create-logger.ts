import { type Level, type Logger, pino } from 'pino';

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
 * The client's logger: the one given, or a new pino logger at `level` (default `silent`) with
 * `api-key` / `authorization` redacted.
 */
export function createLogger(logger: Logger | Level | 'silent' | undefined): Logger {
  if (logger !== undefined && typeof logger !== 'string') return logger.child({ name: 'mimo' });
  return pino({
    name: 'mimo',
    level: logger ?? 'silent',
    redact: { paths: [...LOG_REDACT_PATHS], censor: '[REDACTED]' },
  });
}
