import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/**
 * A job could not drive its run because another job of the same run id owns it. `busy`: the owner is
 * still running and this job waited `maxRunBusyWait` in vain. `superseded`: the owner finished the run
 * (its checkpoint is gone: driving it here would start it over). Not retryable; the run itself is not
 * affected.
 */
export class RunOwnedElsewhereError extends MimoError {
  /** The run id both jobs share. */
  readonly runId: string;
  /** The job that was refused. */
  readonly jobId: string;
  /** The job that owns the run. */
  readonly ownerJobId: string;
  /** `busy` (the owner still runs) or `superseded` (the run was handed over). */
  readonly reason: 'busy' | 'superseded';

  constructor(
    fields: {
      runId: string;
      jobId: string;
      ownerJobId: string;
      reason: 'busy' | 'superseded';
      /** For `busy`: how long this job waited. */
      waitedMs?: number;
    },
    options: MimoErrorOptions = {},
  ) {
    const { runId, jobId, ownerJobId, reason } = fields;
    super(
      'run_owned_elsewhere',
      reason === 'busy'
        ? `Job "${jobId}" did not run run "${runId}": job "${ownerJobId}" has been driving it for all of the ` +
            `${fields.waitedMs ?? 0} ms this job waited (maxRunBusyWait). Fix: enqueue one job per run id at a time; ` +
            'raise maxRunBusyWait if a second job must wait for a long run to end.'
        : `Job "${jobId}" did not run run "${runId}": job "${ownerJobId}" drove it last and it has no checkpoint any ` +
            'more (finished and deleted, or expired); running it here would start it over and repeat its tools. ' +
            'Fix: nothing to repair; give a new run its own run id.',
      { ...options, retryable: false },
    );
    this.runId = runId;
    this.jobId = jobId;
    this.ownerJobId = ownerJobId;
    this.reason = reason;
  }
}
