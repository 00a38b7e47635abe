import { ConfigError, checkOptionKeys, type OptionKeys } from '@mimo-agents/core';

/**
 * Bounds on one tool execution. Set on a tool (`tool({ timeoutMs, maxOutputChars })`), an agent or a
 * run (`toolLimits: { … }`); the most specific setting wins: tool, then agent, then run, then the default.
 */
export interface ToolLimits {
  /** Time limit of one execution in ms (default 60 000); `Infinity` turns it off on purpose. */
  timeoutMs?: number;
  /**
   * Longest output the model reads, in characters (default 262 144); a longer one is cut with a marker
   * the model can read and the run emits `tool.output.truncated`. `Infinity` turns the cap off.
   */
  maxOutputChars?: number;
  /** Shortest gap between two `ctx.progress()` events of one call, in ms (default 100); faster updates are dropped. */
  progressIntervalMs?: number;
  /** Longest `ctx.progress()` message in characters (default 1 000); longer ones are cut. */
  maxProgressChars?: number;
}

/** The limits used when neither the tool, the agent nor the run sets one. */
export const DEFAULT_TOOL_LIMITS: Readonly<Required<ToolLimits>> = Object.freeze({
  timeoutMs: 60_000,
  maxOutputChars: 262_144,
  progressIntervalMs: 100,
  maxProgressChars: 1_000,
});

/** Every key of `ToolLimits` (a new limit must be added here; the typecheck says so). */
export const TOOL_LIMIT_KEYS: OptionKeys<ToolLimits> = {
  timeoutMs: true,
  maxOutputChars: true,
  progressIntervalMs: true,
  maxProgressChars: true,
};

/** Whether `value` is a valid limit: a number > 0 (or >= 0 for the progress gap), or `Infinity`. */
function validLimit(key: keyof ToolLimits, value: unknown): boolean {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  if (key === 'progressIntervalMs') return value >= 0;
  if (key === 'timeoutMs') return value > 0;
  return value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0);
}

/**
 * Checks a `toolLimits` object of an agent or a run (`path` names it, e.g. `agent.toolLimits`): unknown
 * keys and values that are not positive numbers throw `ConfigError`.
 */
export function checkToolLimits(path: string, owner: string, limits: unknown): void {
  if (limits === undefined) return;
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits))
    throw new ConfigError({ field: path, problem: 'not an object', fix: 'pass e.g. { timeoutMs: 30_000 }' });
  checkOptionKeys({ value: limits, known: TOOL_LIMIT_KEYS, owner, path });
  for (const [key, value] of Object.entries(limits)) {
    if (value === undefined || validLimit(key as keyof ToolLimits, value)) continue;
    throw new ConfigError({
      field: `${path}.${key}`,
      problem: String(value),
      fix: 'pass a positive number, or Infinity to turn the limit off on purpose',
    });
  }
}

/** The first limit set among `levels` (most specific first), else the default. */
export function resolveToolLimits(...levels: readonly (ToolLimits | undefined)[]): Required<ToolLimits> {
  // Read once per tool call: plain loops, no closure per call.
  return {
    timeoutMs: firstSet(levels, 'timeoutMs'),
    maxOutputChars: firstSet(levels, 'maxOutputChars'),
    progressIntervalMs: firstSet(levels, 'progressIntervalMs'),
    maxProgressChars: firstSet(levels, 'maxProgressChars'),
  };
}

/** `key` of the first level that sets it, else its default. */
function firstSet(levels: readonly (ToolLimits | undefined)[], key: keyof ToolLimits): number {
  for (let i = 0; i < levels.length; i++) {
    const value = levels[i]?.[key];
    if (value !== undefined) return value;
  }
  return DEFAULT_TOOL_LIMITS[key];
}
