import { MimoError } from '@mimo-agents/core';

/** `resume()` found no checkpoint for the run id: nothing was sent and no tool ran. */
export class CheckpointNotFoundError extends MimoError {
  /** The run that was asked for. */
  readonly runId: string;

  constructor(fields: { runId: string }) {
    const { runId } = fields;
    super(
      'checkpoint_not_found',
      `Cannot resume run "${runId}": the checkpoint store has no checkpoint for it. ` +
        'Fix: check the runId and that the run was started with the same store ({ checkpoint }), or start it with run().',
      { retryable: false },
    );
    this.runId = runId;
  }
}
