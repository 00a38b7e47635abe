import type { CheckpointStore } from './checkpoint-store.js';
/** Options of `createFileCheckpointStore`. */
export interface FileCheckpointStoreOptions {
    /** The folder that holds one `<run id>.json` per run; created on the first save. */
    directory: string;
    /** Permission bits of new checkpoint files; default `0o600` (histories may hold private data). */
    fileMode?: number;
}
/** A checkpoint store on the local file system. */
export interface FileCheckpointStore<State = unknown> extends CheckpointStore<State> {
    /** The absolute folder of the checkpoint files. */
    readonly directory: string;
    /** The absolute path of a run's checkpoint file. */
    pathFor(runId: string): string;
}
/**
 * A store that keeps each run's checkpoint in its own JSON file. A save writes a temp file in the same
 * folder, fsyncs it, renames it over the old checkpoint and fsyncs the folder, so a crash at any point
 * leaves either the previous checkpoint or the new one, never a torn file. Leftover `*.tmp` files from a
 * crash are ignored (and safe to delete).
 * @example
 * const checkpoint = createFileCheckpointStore({ directory: '/var/lib/my-app/checkpoints' });
 */
export declare function createFileCheckpointStore<State = unknown>(options: FileCheckpointStoreOptions): FileCheckpointStore<State>;
//# sourceMappingURL=file-checkpoint-store.d.ts.map