import type { RunCost } from '../cost.js';
import {
  budgetCheckOf,
  budgetCondition,
  isBudgetCondition,
  type Spent,
  type StopCondition,
  type StopConditionInput,
} from '../stop-conditions.js';
import type { RunUsage } from '../usage.js';
import type { TreeSpending } from './tree-spending.js';

/**
 * The budgets (`tokenBudgetIs`, `costBudgetIs`) of the runs above a sub-run, and the tree's live spending
 * they are checked on: the sub-run stops once what the whole tree spent so far (its parallel siblings'
 * requests included) reaches a budget.
 */
export interface TreeBudget {
  conditions: readonly StopCondition[];
  /** The tree's spending, shared by every run of it (see `TreeSpending`). */
  spending: TreeSpending;
}

/** The budget conditions among a run's `stopWhen` (its other conditions read its own turns only). */
export function budgetConditions(
  stopWhen: StopCondition | readonly StopCondition[] | undefined,
): StopCondition[] {
  if (stopWhen === undefined) return [];
  return (typeof stopWhen === 'function' ? [stopWhen] : [...stopWhen]).filter(isBudgetCondition);
}

/**
 * A sub-run's `stopWhen`: the runs above's budgets, checked on the whole tree's live spending. It is a
 * budget condition itself, so a sub-run's own sub-runs inherit it (with the same spending).
 */
export function subRunBudget(budget: TreeBudget): StopCondition {
  return budgetCondition(() => treeBudgetReached(budget));
}

/**
 * Whether the tree's live spending has reached one of the budgets: checked after each tool turn of a
 * sub-run, and before a sub-run's first request (an `agentTool` starts none once it is reached).
 */
export function treeBudgetReached(budget: TreeBudget): boolean {
  const { usage, cost } = budget.spending;
  const spent: Spent = cost === undefined ? { usage } : { usage, cost };
  return budget.conditions.some((condition) => budgetCheckOf(condition)?.(spent) === true);
}

/**
 * `shouldStop` for a run whose tree of agent runs keeps a live account (`spending`): its budgets read
 * the whole tree's spending (sub-runs left behind after a timeout included), its other conditions its
 * own turns. The cost stays undefined while the run's own is (a `costBudgetIs` without a price for the
 * run's model still says so).
 */
export async function shouldStopInTree(
  conditions: StopCondition | readonly StopCondition[],
  input: StopConditionInput,
  spending: TreeSpending,
): Promise<boolean> {
  const list = typeof conditions === 'function' ? [conditions] : conditions;
  const { usage, cost } = spending;
  const tree: Spent = input.cost === undefined || cost === undefined ? { usage } : { usage, cost };
  for (const condition of list) {
    const check = budgetCheckOf(condition);
    if (check === undefined ? await condition(input) : check(tree)) return true;
  }
  return false;
}

/** `total` minus `part` (what was already rolled up of a sub-run that is resumed), field by field. */
export function usageWithout(total: RunUsage, part: RunUsage | undefined): RunUsage {
  if (part === undefined) return total;
  const out = { ...total };
  for (const key of Object.keys(out) as (keyof RunUsage)[]) out[key] = Math.max(0, total[key] - part[key]);
  return out;
}

/** `total` minus `part`, for costs (undefined stays undefined). */
export function costWithout(total: RunCost | undefined, part: RunCost | undefined): RunCost | undefined {
  if (total === undefined || part === undefined) return total;
  const out = { ...total };
  for (const key of Object.keys(out) as (keyof RunCost)[]) out[key] = Math.max(0, total[key] - part[key]);
  return out;
}
