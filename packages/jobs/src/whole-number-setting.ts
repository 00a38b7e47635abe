import { ConfigError } from '@mimo-agents/core';

/**
 * Returns `value` when it is a whole number from `min` to `max`; else throws a `ConfigError` naming
 * `field`, with the value got as the problem and `fix` (which should say the range) as the fix.
 */
export function wholeNumberSetting(
  field: string,
  value: number,
  range: { min: number; max: number },
  fix: string,
): number {
  if (Number.isInteger(value) && value >= range.min && value <= range.max) return value;
  throw new ConfigError({ field, problem: `got ${value}`, fix });
}
