import { describe, expect, it } from 'vitest';
import { DEFAULT_TOOL_LIMITS, resolveToolLimits } from './tool-limits.js';

describe('resolveToolLimits', () => {
  it('takes each limit from the most specific level that sets it, else the default', () => {
    const tool = { timeoutMs: 5 };
    const agent = { timeoutMs: 50, maxOutputChars: 500 };
    const run = { timeoutMs: 5_000, maxOutputChars: 5_000, progressIntervalMs: 0 };
    expect(resolveToolLimits(tool, agent, run)).toEqual({
      timeoutMs: 5,
      maxOutputChars: 500,
      progressIntervalMs: 0,
      maxProgressChars: DEFAULT_TOOL_LIMITS.maxProgressChars,
    });
    expect(resolveToolLimits(undefined, undefined, { maxProgressChars: 10 })).toEqual({
      ...DEFAULT_TOOL_LIMITS,
      maxProgressChars: 10,
    });
  });

  it('gives the defaults, as a new object each time, when no level sets anything', () => {
    const first = resolveToolLimits();
    expect(first).toEqual(DEFAULT_TOOL_LIMITS);
    expect(first).not.toBe(DEFAULT_TOOL_LIMITS);
    expect(resolveToolLimits(undefined, {}, undefined)).toEqual(DEFAULT_TOOL_LIMITS);
    // Infinity is a setting (off on purpose), not "unset".
    expect(resolveToolLimits({ timeoutMs: Number.POSITIVE_INFINITY }).timeoutMs).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});
