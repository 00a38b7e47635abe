import { MimoError } from '@mimo-agents/core';
/** The state given to a checkpoint store is not plain JSON; nothing was saved. */
export class CheckpointStateError extends MimoError {
    /** The run being saved. */
    runId;
    /** Where in the state the bad value sits, e.g. `state.history[3].output`. */
    path;
    constructor(fields, options = {}) {
        super('checkpoint_state_invalid', `Checkpoint state of run "${fields.runId}" is not plain JSON at ${fields.path} (found ${fields.found}). ` +
            'Fix: keep only strings, finite numbers, booleans, null, arrays and plain objects in the run state.', { ...options, retryable: false });
        this.runId = fields.runId;
        this.path = fields.path;
    }
}
//# sourceMappingURL=checkpoint-state-error.js.map