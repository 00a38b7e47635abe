import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/**
 * Why a fenced checkpoint write was refused: this worker lost the job's BullMQ lock
 * (`job_lock_lost`), or another job now drives the run (`run_owner_changed`).
 */
export type CheckpointFenceReason = 'job_lock_lost' | 'run_owner_changed';

/**
 * A checkpoint write was refused because this copy of the run no longer owns it: the job was declared
 * stalled and handed to another worker, or another job of the same run id (a continuation) took the run
 * over. The other one owns the run now. Not retryable: stop the run.
 */
export class CheckpointFencedError extends MimoError {
  /** The run whose checkpoint was not written. */
  readonly runId: string;
  /** The BullMQ lock key that no longer holds this worker's token (for `job_lock_lost`), or the run's owner key. */
  readonly lockKey: string;
  /** Which fence refused the write. */
  readonly reason: CheckpointFenceReason;

  constructor(
    fields: { runId: string; lockKey: string; reason?: CheckpointFenceReason },
    options: MimoErrorOptions = {},
  ) {
    const reason = fields.reason ?? 'job_lock_lost';
    super(
      'checkpoint_fenced',
      reason === 'job_lock_lost'
        ? `Checkpoint of run "${fields.runId}" not written: this worker lost the job's lock (${fields.lockKey}) ` +
            'and another worker may be running it now. Fix: nothing to repair; this copy of the run must stop. ' +
            'If it happens often, raise lockDuration above your longest event-loop stall.'
        : `Checkpoint of run "${fields.runId}" not written: another job of the same run id drives the run now ` +
            `(its owner, ${fields.lockKey}, names another job). Fix: nothing to repair; this copy of the run must stop ` +
            '(the other job continues it from the checkpoint).',
      { ...options, retryable: false },
    );
    this.runId = fields.runId;
    this.lockKey = fields.lockKey;
    this.reason = reason;
  }
}
