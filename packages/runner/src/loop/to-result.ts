import type { Response } from '@mimo-agents/core';
import { costOf, type ModelPrice } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { RunResult, RunResultStatus } from '../run-result.js';
import type { RunState } from '../run-state.js';

/**
 * A `RunResult` from the state as it stands; `status` overrides the state's. Given a price, every
 * turn (restored ones included) and the total get a `cost`. The arrays and records are copied, the
 * items shared: the loop never changes an item once recorded, and a deep copy per result cost as
 * much CPU as the rest of the run.
 */
export function toResult(
  state: RunState,
  responses: readonly Response[],
  status: RunResultStatus,
  price?: ModelPrice,
): RunResult {
  const copy: RunState = {
    ...state,
    history: [...state.history],
    turns: state.turns.map((turn) => ({ ...turn, usage: { ...turn.usage } })),
    usage: { ...state.usage },
  };
  let wastedRequests = 0;
  for (const turn of copy.turns) {
    wastedRequests += turn.retries + (turn.requestRetries ?? 0);
    if (price !== undefined) turn.cost = costOf(turn.usage, price);
  }
  const result: RunResult = {
    runId: copy.runId,
    status,
    finalOutput: copy.finalOutput,
    history: copy.history,
    newItems: copy.history.slice(copy.inputLength),
    turns: copy.turns,
    usage: copy.usage,
    responses: [...responses],
    wastedRequests,
    lastAgent: copy.agent.name,
  };
  if (price !== undefined) result.cost = costOf(copy.usage, price);
  if (copy.incompleteReason !== undefined) result.incompleteReason = copy.incompleteReason;
  if (copy.compactions !== undefined) result.compactions = copy.compactions.map((c) => ({ ...c }));
  return result;
}

/** The `run.completed` event that reports a result. */
export function runCompletedEvent(result: RunResult): RunEvent {
  const { runId, status, finalOutput, turns, usage, cost } = result;
  const event: RunEvent = { type: 'run.completed', runId, status, finalOutput, turns: turns.length, usage };
  if (cost !== undefined) event.cost = cost;
  return event;
}
