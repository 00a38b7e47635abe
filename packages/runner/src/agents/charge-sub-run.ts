import { addCost, emptyCost, type RunCost, resolvePrice } from '../cost.js';
import { runCostOf } from '../loop/run-cost.js';
import type { RunState } from '../run-state.js';
import { addUsage, emptyUsage, type RunUsage } from '../usage.js';
import type { ToolCallScope } from './tool-call-scope.js';

/**
 * Adds what a finished sub-run spent to its call's scope: its usage, and its cost as the sub-run priced
 * it (each turn at the price of the model that made it), never at the parent's price.
 */
export function chargeSubRun(scope: ToolCallScope, spent: { usage: RunUsage; cost?: RunCost }): void {
  scope.usage = addUsage(scope.usage ?? emptyUsage(), spent.usage);
  if (spent.cost !== undefined) scope.cost = addCost(scope.cost ?? emptyCost(), spent.cost);
}

/**
 * Adds what a sub-run that threw spent: its error's `partialResult` when it has one, else its live
 * state (a request that failed for good after earlier turns), priced at its current agent's model.
 */
export function chargeFailedSubRun(scope: ToolCallScope, error: unknown, state: RunState | undefined): void {
  const partial = (error as { partialResult?: { usage: RunUsage; cost?: RunCost } } | undefined)
    ?.partialResult;
  if (partial !== undefined) {
    chargeSubRun(scope, partial);
    return;
  }
  if (state === undefined) return;
  const cost = stateCost(scope, state);
  chargeSubRun(scope, cost === undefined ? { usage: state.usage } : { usage: state.usage, cost });
}

/** What a sub-run's state cost, priced at its current agent's model (its turns' own costs without a price). */
export function stateCost(scope: ToolCallScope, state: RunState): RunCost | undefined {
  const { prices, client } = scope.settings;
  try {
    return runCostOf(state, resolvePrice(prices, client.models, state.agent.model));
  } catch {
    // No price for the sub-agent's model: its tokens count, its cost cannot be known.
    return runCostOf(state, undefined);
  }
}
