import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isErrno, syncDirectory } from '../fs/sync-directory.js';
import type { RunState } from '../run-state.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec.js';
import { checkpointFileName } from './checkpoint-file-name.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { type CheckpointOperation, CheckpointStoreError } from './checkpoint-store-error.js';
import { createRunQueue } from './run-queue.js';

/** Options of `createFileCheckpointStore`. */
export interface FileCheckpointStoreOptions {
  /** The folder that holds one `<run id>.json` per run; created on the first save. */
  directory: string;
  /** Permission bits of new checkpoint files; default `0o600` (histories may hold private data). */
  fileMode?: number;
}

/** A checkpoint store on the local file system. */
export interface FileCheckpointStore<State = RunState> extends CheckpointStore<State> {
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
export function createFileCheckpointStore<State = RunState>(
  options: FileCheckpointStoreOptions,
): FileCheckpointStore<State> {
  const directory = resolve(options.directory);
  const fileMode = options.fileMode ?? 0o600;
  let made: Promise<unknown> | undefined;
  // Saves of one run are written in call order, so an older state never renames over a newer one.
  const queue = createRunQueue();
  const pathFor = (runId: string): string => join(directory, checkpointFileName(runId));
  const failure = (runId: string, location: string, operation: CheckpointOperation, cause: unknown) =>
    new CheckpointStoreError(
      { runId, location, operation, fix: `check that ${directory} exists, is writable and has free space.` },
      { cause },
    );

  return {
    directory,
    pathFor,
    async save(runId, state) {
      // Encoded now, while the caller's state object is exactly what they asked to save.
      const text = encodeCheckpoint({ runId, state });
      await queue.enqueue(runId, () => writeAtomically(runId, text));
    },
    async load(runId) {
      await queue.idle(runId);
      const target = pathFor(runId);
      let text: string;
      try {
        text = await readFile(target, 'utf8');
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return undefined;
        throw failure(runId, target, 'load', error);
      }
      return decodeCheckpoint<State>(text, { runId, location: target }).state;
    },
    async delete(runId) {
      await queue.enqueue(runId, async () => {
        const target = pathFor(runId);
        try {
          await rm(target, { force: true });
          await syncDirectory(directory);
        } catch (error) {
          throw failure(runId, target, 'delete', error);
        }
      });
    },
  };

  async function writeAtomically(runId: string, text: string): Promise<void> {
    const target = pathFor(runId);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    let handle: FileHandle | undefined;
    try {
      made ??= mkdir(directory, { recursive: true });
      await made;
      handle = await open(temp, 'wx', fileMode);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, target);
      await syncDirectory(directory);
    } catch (error) {
      made = undefined;
      await handle?.close().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
      throw failure(runId, target, 'save', error);
    }
  }
}
