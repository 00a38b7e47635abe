import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/** What does not match between a saved run state and what `resume` was given. */
export type ResumeMismatchField =
  | 'state'
  | 'version'
  | 'runId'
  | 'agent.name'
  | 'agent.model'
  | 'agent.tools';

/**
 * A saved run state cannot be continued with the agent supplied (another agent or model, a tool it
 * needs is missing, a state of another version). Nothing was sent and no tool ran.
 */
export class ResumeMismatchError extends MimoError {
  /** The run being resumed. */
  readonly runId: string;
  /** What does not match. */
  readonly field: ResumeMismatchField;
  /** For `field: 'state'`, where in the run state the bad value sits (e.g. `pending.calls`), when known. */
  readonly path: string | undefined;

  constructor(
    fields: { runId: string; field: ResumeMismatchField; problem: string; fix: string; path?: string },
    options: MimoErrorOptions = {},
  ) {
    super('resume_mismatch', `Cannot resume run "${fields.runId}": ${fields.problem}. Fix: ${fields.fix}`, {
      ...options,
      retryable: false,
    });
    this.runId = fields.runId;
    this.field = fields.field;
    this.path = fields.path;
  }
}
