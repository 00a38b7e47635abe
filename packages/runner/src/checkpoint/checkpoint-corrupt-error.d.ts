import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';
/** What is wrong with a stored checkpoint. */
export type CheckpointCorruptReason = 'empty' | 'invalid_json' | 'not_an_envelope' | 'wrong_format' | 'unsupported_version' | 'run_id_mismatch' | 'checksum_mismatch';
/** Fields of a `CheckpointCorruptError`. */
export interface CheckpointCorruptErrorFields {
    /** The run whose checkpoint was read. */
    runId: string;
    /** Where the checkpoint lives: a file path, a Redis key, `memory:<runId>`… */
    location: string;
    /** What is wrong with it. */
    reason: CheckpointCorruptReason;
    /** Details for the message (what was found instead). */
    detail: string;
}
/**
 * A saved checkpoint cannot be trusted (truncated, damaged, from another run or another format).
 * Never retried and never turned into a silent restart: the caller decides to delete or restore it.
 */
export declare class CheckpointCorruptError extends MimoError {
    /** The run whose checkpoint was read. */
    readonly runId: string;
    /** Where the checkpoint lives (file path, Redis key, …). */
    readonly location: string;
    /** What is wrong with it. */
    readonly reason: CheckpointCorruptReason;
    constructor(fields: CheckpointCorruptErrorFields, options?: MimoErrorOptions);
}
//# sourceMappingURL=checkpoint-corrupt-error.d.ts.map