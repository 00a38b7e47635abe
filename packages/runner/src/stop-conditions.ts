import type { TurnRecord } from './run-result.js';

/** What a stop condition sees after each turn that called tools (and after those tools ran). */
export interface StopConditionInput {
  /** All turns so far, oldest first. */
  turns: readonly TurnRecord[];
  /** The turn that just ended (also the last of `turns`). */
  lastTurn: TurnRecord;
}

/** A predicate checked after each tool-calling turn; returning true ends the run with status `stopped`. */
export type StopCondition = (input: StopConditionInput) => boolean | Promise<boolean>;

/**
 * Stops once `count` model turns have run.
 * @example run({ client, agent, input, stopWhen: stepCountIs(3) })
 */
export function stepCountIs(count: number): StopCondition {
  return ({ turns }) => turns.length >= count;
}

/**
 * Stops after a turn that called the tool `name` (the tool has run; its output is in the history).
 * @example run({ client, agent, input, stopWhen: hasToolCall('submit_answer') })
 */
export function hasToolCall(name: string): StopCondition {
  return ({ lastTurn }) => lastTurn.toolCalls.some((call) => call.name === name);
}

/** True when any of `conditions` holds (they are checked in order; the first true one wins). */
export async function shouldStop(
  conditions: StopCondition | readonly StopCondition[] | undefined,
  input: StopConditionInput,
): Promise<boolean> {
  if (conditions === undefined) return false;
  const list = typeof conditions === 'function' ? [conditions] : conditions;
  for (const condition of list) {
    if (await condition(input)) return true;
  }
  return false;
}
