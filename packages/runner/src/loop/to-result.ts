import type { ModelPrice } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { RunResult, RunResultStatus } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { expandResponses, type ResponseLog } from './kept-response.js';
import { runCostOf, turnCost } from './run-cost.js';

/**
 * A `RunResult` from the state as it stands; `status` overrides the state's. Every turn keeps the cost
 * recorded with it (its own agent's model, plus its sub-runs'); given a price, turns saved without one
 * get one, and the total is their sum (see `runCostOf`). The arrays and records are copied, the
 * items shared: the loop never changes an item once recorded, and a deep copy per result cost as
 * much CPU as the rest of the run.
 */
export function toResult(
  state: RunState,
  responses: ResponseLog,
  status: RunResultStatus,
  price?: ModelPrice,
): RunResult<unknown> {
  const copy: RunState = {
    ...state,
    history: [...state.history],
    turns: state.turns.map((turn) => ({ ...turn, usage: { ...turn.usage } })),
    usage: { ...state.usage },
  };
  let wastedRequests = 0;
  for (const turn of copy.turns) {
    wastedRequests += turn.retries + (turn.requestRetries ?? 0);
    const cost = turnCost(turn, price);
    if (cost !== undefined) turn.cost = cost;
  }
  const result: RunResult<unknown> = {
    runId: copy.runId,
    status,
    // A structured-output run's result is its validated object (undefined until there is one).
    finalOutput: copy.output === undefined ? copy.finalOutput : copy.output.value,
    history: copy.history,
    newItems: copy.history.slice(copy.inputLength),
    turns: copy.turns,
    usage: copy.usage,
    responses: expandResponses(responses),
    wastedRequests,
    lastAgent: copy.agent.name,
  };
  const cost = runCostOf(copy, price);
  if (cost !== undefined) result.cost = cost;
  if (copy.incompleteReason !== undefined) result.incompleteReason = copy.incompleteReason;
  if (copy.compactions !== undefined) result.compactions = copy.compactions.map((c) => ({ ...c }));
  return result;
}

/** The `run.completed` event that reports a result (a structured result as its JSON text). */
export function runCompletedEvent(result: RunResult<unknown>): RunEvent {
  const { runId, status, turns, usage, cost } = result;
  const finalOutput =
    typeof result.finalOutput === 'string' || result.finalOutput === undefined
      ? result.finalOutput
      : JSON.stringify(result.finalOutput);
  const event: RunEvent = { type: 'run.completed', runId, status, finalOutput, turns: turns.length, usage };
  if (cost !== undefined) event.cost = cost;
  return event;
}
