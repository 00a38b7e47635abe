import type { RunCost } from '../cost.js';
import {
  isBudgetCondition,
  markBudgetCondition,
  type StopCondition,
  shouldStop,
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
  return markBudgetCondition((input) => {
    const { usage, cost } = budget.spending;
    return shouldStop(budget.conditions, { ...input, usage, ...(cost === undefined ? {} : { cost }) });
  });
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
