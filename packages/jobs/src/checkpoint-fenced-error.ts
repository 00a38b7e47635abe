import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/**
 * A checkpoint write was refused because this worker no longer holds the job's lock: the job was
 * declared stalled and handed to another worker, which owns the run now. Not retryable: stop the run.
 */
export class CheckpointFencedError extends MimoError {
  /** The run whose checkpoint was not written. */
  readonly runId: string;
  /** The BullMQ lock key that no longer holds this worker's token. */
  readonly lockKey: string;

  constructor(fields: { runId: string; lockKey: string }, options: MimoErrorOptions = {}) {
    super(
      'checkpoint_fenced',
      `Checkpoint of run "${fields.runId}" not written: this worker lost the job's lock (${fields.lockKey}) ` +
        'and another worker may be running it now. Fix: nothing to repair; this copy of the run must stop. ' +
        'If it happens often, raise lockDuration above your longest event-loop stall.',
      { ...options, retryable: false },
    );
    this.runId = fields.runId;
    this.lockKey = fields.lockKey;
  }
}
