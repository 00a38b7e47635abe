import { MimoError } from '@mimo-agents/core';

/** `run()` was given a `runId` that already has a checkpoint in its store: nothing was sent and no tool ran. */
export class CheckpointExistsError extends MimoError {
  /** The run that already has a checkpoint. */
  readonly runId: string;

  constructor(fields: { runId: string }) {
    const { runId } = fields;
    super(
      'checkpoint_exists',
      `Cannot start run "${runId}": the checkpoint store already has a checkpoint for it. ` +
        'Fix: call resume() to continue it, or delete it (checkpoint.delete(runId)) to start over.',
      { retryable: false },
    );
    this.runId = runId;
  }
}
