/** The `format` tag of every saved checkpoint. */
export declare const CHECKPOINT_FORMAT = "mimo-agents.run-state";
/** The envelope version this code writes and reads. */
export declare const CHECKPOINT_VERSION = 1;
/** What a checkpoint store keeps for one run: the state plus what is needed to trust it. */
export interface CheckpointEnvelope<State = unknown> {
    format: typeof CHECKPOINT_FORMAT;
    version: typeof CHECKPOINT_VERSION;
    runId: string;
    /** ISO 8601 time of the save. */
    savedAt: string;
    /** `sha256:<hex>` of `JSON.stringify(state)`. */
    checksum: string;
    state: State;
}
/** Options of `encodeCheckpoint`. */
export interface EncodeCheckpointOptions<State> {
    runId: string;
    /** Plain JSON only (checked): the run state to save. */
    state: State;
    /** Defaults to now. */
    savedAt?: Date;
}
/** Where a decoded checkpoint came from, for the checks and for error messages. */
export interface DecodeCheckpointOptions {
    /** The run id the caller asked for; the envelope must carry the same. */
    runId: string;
    /** A file path, a Redis key…: named in `CheckpointCorruptError`. */
    location: string;
}
/**
 * Wraps a run state in a versioned, checksummed envelope and returns it as one JSON string.
 * Throws `CheckpointStateError` when the state is not plain JSON.
 * @example
 * const text = encodeCheckpoint({ runId: 'run_1', state });
 * const { state: restored } = decodeCheckpoint(text, { runId: 'run_1', location: 'file.json' });
 */
export declare function encodeCheckpoint<State>(options: EncodeCheckpointOptions<State>): string;
/**
 * Parses and checks a saved checkpoint. Anything that cannot be trusted (empty or truncated text, bad
 * checksum, another format or version, another run id) throws `CheckpointCorruptError`: never a restart.
 */
export declare function decodeCheckpoint<State = unknown>(text: string, options: DecodeCheckpointOptions): CheckpointEnvelope<State>;
//# sourceMappingURL=checkpoint-codec.d.ts.map