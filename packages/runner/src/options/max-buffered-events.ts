import { ConfigError } from '@mimo-agents/core';

/** Default `maxBufferedEvents`: far more than a consumer that keeps reading ever has waiting. */
export const DEFAULT_MAX_BUFFERED_EVENTS = 10_000;

/** What `Infinity` becomes: a small integer no queue can reach (an array of events that long would not fit in memory). */
const NO_BOUND = 2 ** 30 - 1;

/**
 * The bound of a `RunStream`'s queue from the run option `maxBufferedEvents` (default
 * `DEFAULT_MAX_BUFFERED_EVENTS`; `Infinity`: none), or the `ConfigError` for a value that is not one.
 */
export function maxBufferedEventsOf(value: unknown): number | ConfigError {
  if (value === undefined) return DEFAULT_MAX_BUFFERED_EVENTS;
  if (value === Number.POSITIVE_INFINITY) return NO_BOUND;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return Math.min(value, NO_BOUND);
  return new ConfigError({
    field: 'maxBufferedEvents',
    problem: `${typeof value === 'number' ? value : typeof value}`,
    fix: 'pass a whole number of events of at least 1 (default 10 000), or Infinity for no bound',
  });
}
