import type { RunState } from '../run-state.js';
import { deleteRunCheckpoints, deleteSubRunCheckpoints } from './delete-run-checkpoints.js';
import type { ToolCallScope } from './tool-call-scope.js';

/**
 * Deletes a finished sub-run's checkpoint (and its own sub-runs') once the parent has saved the call's
 * outcome. A failed delete is logged, not thrown: the parent's end (`deleteRunCheckpoints`) sweeps it.
 */
export function subRunCleanup(
  scope: ToolCallScope,
  runId: string,
  state: () => RunState | undefined,
): () => Promise<void> {
  return async () => {
    const store = scope.settings.checkpoint;
    if (store === undefined) return;
    try {
      const live = state();
      if (live === undefined) await deleteRunCheckpoints(store, runId);
      else {
        await deleteSubRunCheckpoints(store, runId, live);
        await store.delete(runId);
      }
    } catch (error) {
      scope.settings.client.logger.warn({ err: error, runId }, 'sub-run checkpoint delete failed');
    }
  };
}
