import { ConfigError } from '@mimo-agents/core';

/** Reads a CLI flag as a whole number in `[min, max]`; anything else is a ConfigError naming the flag. */
export function numberFlag(
  flag: string,
  text: string,
  range: { min: number; max: number; example: string },
): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max)
    throw new ConfigError({
      field: flag,
      problem: `got ${JSON.stringify(text)}`,
      fix: `give ${flag} a whole number from ${range.min} to ${range.max}, e.g. ${flag} ${range.example}`,
    });
  return value;
}
