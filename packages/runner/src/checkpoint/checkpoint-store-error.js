import { MimoError } from '@mimo-agents/core';
/**
 * A checkpoint store could not read or write (disk full, permission denied, Redis down…). The stored
 * state, if any, is untouched; retrying may succeed once the store is reachable again.
 */
export class CheckpointStoreError extends MimoError {
    /** The run concerned. */
    runId;
    /** Where the store tried to read or write. */
    location;
    /** The operation that failed. */
    operation;
    constructor(fields, options = {}) {
        const why = options.cause instanceof Error ? `: ${options.cause.message}` : '';
        super('checkpoint_store_failed', `Could not ${fields.operation} the checkpoint of run "${fields.runId}" at ${fields.location}${why}. Fix: ${fields.fix}`, { ...options, retryable: true });
        this.runId = fields.runId;
        this.location = fields.location;
        this.operation = fields.operation;
    }
}
//# sourceMappingURL=checkpoint-store-error.js.map