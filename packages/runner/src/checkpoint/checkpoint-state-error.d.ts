import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';
/** The state given to a checkpoint store is not plain JSON; nothing was saved. */
export declare class CheckpointStateError extends MimoError {
    /** The run being saved. */
    readonly runId: string;
    /** Where in the state the bad value sits, e.g. `state.history[3].output`. */
    readonly path: string;
    constructor(fields: {
        runId: string;
        path: string;
        found: string;
    }, options?: MimoErrorOptions);
}
//# sourceMappingURL=checkpoint-state-error.d.ts.map