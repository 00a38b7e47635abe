import type { RunState } from '../run-state.js';

/**
 * Where a durable run keeps its state between steps. `save` replaces the run's previous checkpoint
 * atomically (a reader sees the old state or the new one, never a mix); `load` returns `undefined`
 * only when nothing was ever saved (or it was deleted) and throws `CheckpointCorruptError` when what
 * is stored cannot be trusted; `delete` is a no-op for an unknown run. The runner calls `save` for one run
 * strictly one at a time, in order (see `save`); a store shared by other writers must still be atomic. `State` defaults to the runner's
 * `RunState`; the stores themselves work for any plain JSON.
 * @example
 * const checkpoint = createFileCheckpointStore({ directory: '.checkpoints' });
 * await run({ client, agent, input, checkpoint });
 */
export interface CheckpointStore<State = RunState> {
  /**
   * Saves `state` as the run's latest checkpoint, replacing the previous one. The runner never has two
   * saves of one run in flight: it queues them and calls `save` again only after the previous call
   * resolved, in the order the states were produced, so a store need not order concurrent saves itself.
   * After a rejected save the runner saves nothing more for that run (it fails with the error).
   */
  save(runId: string, state: State): Promise<void>;
  /** The run's latest checkpoint, or `undefined` when there is none. */
  load(runId: string): Promise<State | undefined>;
  /** Removes the run's checkpoint (after the run finished, or to start over). */
  delete(runId: string): Promise<void>;
}
