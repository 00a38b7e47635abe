import type { Response } from '@mimo-agents/core';
import type { RunResult, RunResultStatus } from '../run-result.js';
import type { RunState } from '../run-state.js';

/** A `RunResult` (a deep copy) from the state as it stands; `status` overrides the state's. */
export function toResult(
  state: RunState,
  responses: readonly Response[],
  status: RunResultStatus,
): RunResult {
  const copy = structuredClone(state);
  const result: RunResult = {
    runId: copy.runId,
    status,
    finalOutput: copy.finalOutput,
    history: copy.history,
    newItems: copy.history.slice(copy.inputLength),
    turns: copy.turns,
    usage: copy.usage,
    responses: structuredClone([...responses]),
  };
  if (copy.incompleteReason !== undefined) result.incompleteReason = copy.incompleteReason;
  return result;
}
