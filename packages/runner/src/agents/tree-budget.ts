import { addCost, type RunCost } from '../cost.js';
import {
  isBudgetCondition,
  markBudgetCondition,
  type StopCondition,
  shouldStop,
} from '../stop-conditions.js';
import { addUsage, type RunUsage } from '../usage.js';

/**
 * The budgets (`tokenBudgetIs`, `costBudgetIs`) of the runs above a sub-run, and what those runs spent
 * so far that the sub-run's own usage is not yet part of: the sub-run stops once the tree's total
 * reaches a budget, as the parent would after the call.
 */
export interface TreeBudget {
  conditions: readonly StopCondition[];
  /** Usage and cost of the runs above, without the sub-run's (rolled up only when its call ends). */
  spent(): { usage: RunUsage; cost: RunCost | undefined };
}

/** The budget conditions among a run's `stopWhen` (its other conditions read its own turns only). */
export function budgetConditions(
  stopWhen: StopCondition | readonly StopCondition[] | undefined,
): StopCondition[] {
  if (stopWhen === undefined) return [];
  return (typeof stopWhen === 'function' ? [stopWhen] : [...stopWhen]).filter(isBudgetCondition);
}

/**
 * A sub-run's `stopWhen`: the runs above's budgets, checked on their spending plus the sub-run's. It is a
 * budget condition itself, so a sub-run's own sub-runs inherit it (adding their parent's spending).
 */
export function subRunBudget(budget: TreeBudget): StopCondition {
  return markBudgetCondition(async (input) => {
    const spent = budget.spent();
    const cost =
      spent.cost === undefined
        ? input.cost
        : input.cost === undefined
          ? spent.cost
          : addCost(spent.cost, input.cost);
    return shouldStop(budget.conditions, {
      ...input,
      usage: addUsage(spent.usage, input.usage),
      ...(cost === undefined ? {} : { cost }),
    });
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
