import { MimoError } from '@mimo-agents/core';

/** `resume()` found no checkpoint for the run id: nothing was sent and no tool ran. */
export class CheckpointNotFoundError extends MimoError {
  /** The run that was asked for. */
  readonly runId: string;

  /** `fix`: what to do, when the default advice (check the run id and the store) does not fit. */
  constructor(fields: { runId: string; fix?: string }) {
    const { runId } = fields;
    const fix =
      fields.fix ??
      'check the runId and that the run was started with the same store ({ checkpoint }), or start it with run().';
    super(
      'checkpoint_not_found',
      `Cannot resume run "${runId}": the checkpoint store has no checkpoint for it. Fix: ${fix}`,
      { retryable: false },
    );
    this.runId = runId;
  }
}
