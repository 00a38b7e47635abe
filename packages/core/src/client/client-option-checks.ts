import { ConfigError } from '../errors/config-error.js';

/** What an option received, for a message: a number as is, anything else as its type and JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  const json = JSON.stringify(value) ?? '';
  // A huge value must not become a huge message.
  return `${typeof value} ${json.length > 200 ? `${json.slice(0, 200)}…` : json}`.trim();
}

/** A count or deadline option: `fallback` when absent, else an integer >= `min` (or `Infinity` when allowed). */
export function count(
  field: string,
  value: unknown,
  fallback: number,
  min: number,
  allowInfinity = false,
): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    value >= min &&
    (Number.isInteger(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    throw new ConfigError({
      field,
      problem: describeValue(value),
      fix: `pass an integer >= ${min}${allowInfinity ? ' or Infinity' : ''} to createClient()`,
    });
  }
  return value;
}

/** The longest delay a Node timer keeps (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A timeout or delay option (used as a timer delay): as {@link count}, and at most {@link MAX_TIMER_MS}
 * (`Infinity`, where allowed, is no limit and arms no timer).
 */
export function delayMs(
  field: string,
  value: unknown,
  fallback: number,
  min: number,
  allowInfinity = false,
): number {
  const ms = count(field, value, fallback, min, allowInfinity);
  if (ms > MAX_TIMER_MS && ms !== Number.POSITIVE_INFINITY) {
    throw new ConfigError({
      field,
      problem: `${ms} is longer than a timer can wait (${MAX_TIMER_MS} ms, about 24.8 days)`,
      fix: `pass an integer from ${min} to ${MAX_TIMER_MS}${allowInfinity ? ', or Infinity for no limit,' : ''} to createClient()`,
    });
  }
  return ms;
}

/** An option that must be a plain object when given (`retry`, `timeouts`, `headers`). */
export function group<T extends object>(field: string, value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError({
      field,
      problem: describeValue(value),
      fix: `pass an object, e.g. ${field}: { … }, or leave it out`,
    });
  }
  return value;
}

const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `logger` must be a pino logger or a level name. */
export function checkLogger(logger: unknown): void {
  if (logger === undefined) return;
  if (typeof logger === 'string' ? LEVELS.includes(logger) : isLoggerLike(logger)) return;
  throw new ConfigError({
    field: 'logger',
    problem: `${describeValue(logger)}`,
    fix: `pass a pino logger or a level (${LEVELS.join(', ')})`,
  });
}

function isLoggerLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ['child', 'info', 'warn'].every((method) => typeof candidate[method] === 'function');
}

/** `dispatcher` must be an undici dispatcher (has `dispatch()`). */
export function checkDispatcher(dispatcher: unknown): void {
  if (dispatcher === undefined) return;
  const ok =
    typeof dispatcher === 'object' &&
    dispatcher !== null &&
    typeof (dispatcher as { dispatch?: unknown }).dispatch === 'function';
  if (!ok) {
    throw new ConfigError({
      field: 'dispatcher',
      problem: 'not an undici Dispatcher',
      fix: 'pass e.g. new Agent() or new Pool(origin) from undici, or leave it out',
    });
  }
}
