import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/** The state given to a checkpoint store is not plain JSON; nothing was saved. */
export class CheckpointStateError extends MimoError {
  /** The run being saved. */
  readonly runId: string;
  /** Where in the state the bad value sits, e.g. `state.history[3].output`. */
  readonly path: string;

  constructor(fields: { runId: string; path: string; found: string }, options: MimoErrorOptions = {}) {
    super(
      'checkpoint_state_invalid',
      `Checkpoint state of run "${fields.runId}" is not plain JSON at ${fields.path} (found ${fields.found}). ` +
        'Fix: keep only strings, finite numbers, booleans, null, arrays and plain objects in the run state.',
      { ...options, retryable: false },
    );
    this.runId = fields.runId;
    this.path = fields.path;
  }
}
