import { addCost, costOf, type ModelPrice, type RunCost } from '../cost.js';
import type { TurnRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { addUsage, emptyUsage, type RunUsage } from '../usage.js';

/**
 * A turn's cost: the one recorded with it (its agent's price when it ran, plus its sub-agent runs at
 * theirs), else, for a turn saved without one, its usage at `price`.
 */
export function turnCost(turn: TurnRecord, price: ModelPrice | undefined): RunCost | undefined {
  if (turn.cost !== undefined) return turn.cost;
  return price === undefined ? undefined : costOf(turn.usage, price);
}

/**
 * A run's cost: its turns' costs (so turns of handed-off agents and sub-runs keep their own models'
 * prices) plus, at `price`, the usage no turn holds (context summaries, cancelled requests). Undefined
 * when no part of it has a price.
 */
export function runCostOf(
  state: Pick<RunState, 'turns' | 'usage'>,
  price: ModelPrice | undefined,
): RunCost | undefined {
  // Every turn at `price` (no handoff to another model, no sub-run): the total at that price, computed
  // once from the summed tokens (re-summing per-turn floats could differ in the last digit).
  if (price !== undefined && state.turns.every((turn) => samePrice(turn, price)))
    return costOf(state.usage, price);
  const parts: RunCost[] = [];
  for (const turn of state.turns) {
    const cost = turnCost(turn, price);
    if (cost !== undefined) parts.push(cost);
  }
  if (price !== undefined) parts.push(costOf(usageOutsideTurns(state), price));
  return parts.length === 0 ? undefined : addCost(...parts);
}

/** Whether a turn's recorded cost is just its usage at `price` (or it has none recorded). */
function samePrice(turn: TurnRecord, price: ModelPrice): boolean {
  if (turn.cost === undefined) return true;
  const expected = costOf(turn.usage, price);
  return (
    turn.cost.input === expected.input &&
    turn.cost.cachedInput === expected.cachedInput &&
    turn.cost.output === expected.output &&
    turn.cost.total === expected.total
  );
}

/** The run's usage minus its turns' (what context summaries and cancelled requests spent). */
function usageOutsideTurns(state: Pick<RunState, 'turns' | 'usage'>): RunUsage {
  const inTurns = addUsage(emptyUsage(), ...state.turns.map((turn) => turn.usage));
  const rest = emptyUsage();
  for (const key of Object.keys(rest) as (keyof RunUsage)[])
    rest[key] = Math.max(0, state.usage[key] - inTurns[key]);
  return rest;
}
