import { CheckpointCorruptError } from '../checkpoint/checkpoint-corrupt-error.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import type { RunState } from '../run-state.js';

/** The id a sub-agent run started by call `callId` of run `runId` is saved under. */
export function subRunId(runId: string, callId: string): string {
  return `${runId}/${callId}`;
}

/**
 * Deletes a run's checkpoint and those of its sub-agent runs (`<runId>/<callId>`, recursively), for
 * when the run is over: children first, so a crash midway leaves nothing a resume would miss. Only the
 * calls of the run's saved state are looked at (one `load` each); a damaged checkpoint is deleted
 * without looking inside it. A no-op for a run that has none.
 * @example
 * await deleteRunCheckpoints(checkpoint, 'order-1234');
 */
export async function deleteRunCheckpoints(store: CheckpointStore<RunState>, runId: string): Promise<void> {
  await sweep(store, runId, true);
}

/** Deletes one run's checkpoint after its sub-runs'; a sub-run with none saved is not even deleted. */
async function sweep(store: CheckpointStore<RunState>, runId: string, top: boolean): Promise<void> {
  let state: RunState | undefined;
  let damaged = false;
  try {
    state = await store.load(runId);
  } catch (error) {
    // Nothing in it can be trusted, its sub-runs included: remove it alone.
    if (!(error instanceof CheckpointCorruptError)) throw error;
    damaged = true;
  }
  if (state === undefined && !damaged && !top) return;
  if (state !== undefined)
    for (const callId of callIdsOf(state)) await sweep(store, subRunId(runId, callId), false);
  await store.delete(runId);
}

/** Deletes the checkpoints of every sub-agent run started by a call of run `runId` (`state`), and theirs. */
export async function deleteSubRunCheckpoints(
  store: CheckpointStore<RunState>,
  runId: string,
  state: RunState,
): Promise<void> {
  for (const callId of callIdsOf(state)) await sweep(store, subRunId(runId, callId), false);
}

/** Every call id of a state (its turns' and its pending turn's), read defensively: it came from a store. */
function callIdsOf(state: RunState): Set<string> {
  const ids = new Set<string>();
  const add = (calls: unknown): void => {
    if (!Array.isArray(calls)) return;
    for (const call of calls) {
      const id = (call as { callId?: unknown } | null)?.callId;
      if (typeof id === 'string') ids.add(id);
    }
  };
  if (Array.isArray(state.turns))
    for (const turn of state.turns) add((turn as { toolCalls?: unknown }).toolCalls);
  add(state.pending?.calls);
  return ids;
}
