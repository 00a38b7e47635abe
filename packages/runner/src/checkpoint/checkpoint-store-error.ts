import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/** Which store operation failed. */
export type CheckpointOperation = 'save' | 'load' | 'delete';

/**
 * A checkpoint store could not read or write (disk full, permission denied, Redis down…). The stored
 * state, if any, is untouched; retrying may succeed once the store is reachable again.
 */
export class CheckpointStoreError extends MimoError {
  /** The run concerned. */
  readonly runId: string;
  /** Where the store tried to read or write. */
  readonly location: string;
  /** The operation that failed. */
  readonly operation: CheckpointOperation;

  constructor(
    fields: { runId: string; location: string; operation: CheckpointOperation; fix: string },
    options: MimoErrorOptions = {},
  ) {
    const why = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      'checkpoint_store_failed',
      `Could not ${fields.operation} the checkpoint of run "${fields.runId}" at ${fields.location}${why}. Fix: ${fields.fix}`,
      { ...options, retryable: true },
    );
    this.runId = fields.runId;
    this.location = fields.location;
    this.operation = fields.operation;
  }
}
