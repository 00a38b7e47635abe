import { ConfigError } from '@mimo-agents/core';
import type { RunCost } from './cost.js';
import type { TurnRecord } from './run-result.js';
import type { RunUsage } from './usage.js';

/** What a stop condition sees after each turn that called tools (and after those tools ran). */
export interface StopConditionInput {
  /** All turns so far, oldest first. */
  turns: readonly TurnRecord[];
  /** The turn that just ended (also the last of `turns`). */
  lastTurn: TurnRecord;
  /** The run's usage so far (restored turns included). */
  usage: RunUsage;
  /** The run's cost so far; present only when the run was given `prices`. */
  cost?: RunCost;
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

/**
 * Stops once the run has used at least `tokens` tokens (input plus output, as `usage.totalTokens`).
 * Checked after each tool-calling turn, so the last turn may overshoot; no further request is sent.
 * It holds for the run's agentTool sub-runs too: they stop once the whole tree's spending reaches it
 * (each request counts as soon as it completes, parallel sub-runs' included), and none starts after.
 * @example run({ client, agent, input, stopWhen: tokenBudgetIs(200_000) })
 */
export function tokenBudgetIs(tokens: number): StopCondition {
  assertBudget('tokenBudgetIs', tokens);
  return budgetCondition(({ usage }) => usage.totalTokens >= tokens);
}

/**
 * Stops once the run has cost at least `usd` US dollars. Needs a price for the agent's model (the
 * run's `prices`, or the client's model table: MiMo V2.6 Pro and Flash are built in; a `ConfigError` otherwise). Checked after each tool-calling turn, so the last turn may overshoot.
 * @example run({ client, agent, input, prices, stopWhen: costBudgetIs(0.5) })
 */
export function costBudgetIs(usd: number): StopCondition {
  assertBudget('costBudgetIs', usd);
  return budgetCondition(({ cost }) => {
    if (cost === undefined)
      throw new ConfigError({
        field: 'prices',
        problem: "missing: costBudgetIs() needs a price for the agent's model",
        fix: 'pass { prices: { [model]: { inputPerMTok, outputPerMTok } } } to run(), or createClient({ models: { [model]: { prices } } })',
      });
    return cost.total >= usd;
  });
}

/** What a budget reads: what was spent (by the run, or by its whole tree of agent runs). */
export type Spent = Pick<StopConditionInput, 'usage' | 'cost'>;

/** Whether a budget is reached, given what was spent. */
export type BudgetCheck = (spent: Spent) => boolean;

// Budgets hold for a run's whole tree: an agentTool's sub-run inherits them (see agents/tree-budget.ts),
// and they can be checked on what was spent alone (before a sub-run's first request, with no turn yet).
const BUDGETS = new WeakMap<StopCondition, BudgetCheck>();

/** A budget stop condition: it reads only what was spent, so it can be checked on the tree's spending. */
export function budgetCondition(reached: BudgetCheck): StopCondition {
  const condition: StopCondition = (input) => reached(input);
  BUDGETS.set(condition, reached);
  return condition;
}

/** The check of a budget condition (`tokenBudgetIs`, `costBudgetIs`, `budgetCondition`); undefined for others. */
export function budgetCheckOf(condition: StopCondition): BudgetCheck | undefined {
  return BUDGETS.get(condition);
}

/** Whether `condition` is a budget (`tokenBudgetIs`, `costBudgetIs`, or made with `budgetCondition`). */
export function isBudgetCondition(condition: StopCondition): boolean {
  return BUDGETS.has(condition);
}

function assertBudget(name: string, budget: number): void {
  if (!(Number.isFinite(budget) && budget >= 0))
    throw new ConfigError({
      field: 'stopWhen',
      problem: `${name}(${budget})`,
      fix: 'pass a finite number ≥ 0',
    });
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
