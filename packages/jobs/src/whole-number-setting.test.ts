import { ConfigError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import { wholeNumberSetting } from './whole-number-setting.js';

describe('wholeNumberSetting', () => {
  it('returns a whole number within the range, bounds included', () => {
    for (const value of [10, 11, 20])
      expect(wholeNumberSetting('n', value, { min: 10, max: 20 }, 'fix')).toBe(value);
  });

  it('refuses a fraction, NaN, an infinity or a value out of range with a ConfigError naming the field and the fix', () => {
    for (const value of [9, 21, 10.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      let caught: unknown;
      try {
        wholeNumberSetting('limits.n', value, { min: 10, max: 20 }, 'give a whole number from 10 to 20');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect(caught).toMatchObject({
        field: 'limits.n',
        message: `Invalid limits.n (got ${value}). Fix: give a whole number from 10 to 20.`,
      });
    }
  });
});
