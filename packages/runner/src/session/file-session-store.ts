import { randomBytes } from 'node:crypto';
import { type FileHandle, link, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { InputItem } from '@mimo-agents/core';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint-codec.js';
import { checkpointFileName } from '../checkpoint/checkpoint-file-name.js';
import { CheckpointStoreError } from '../checkpoint/checkpoint-store-error.js';
import { isErrno, syncDirectory } from '../fs/sync-directory.js';
import { SessionConflictError } from './session-conflict-error.js';
import type { SessionStore } from './session-store.js';

/** Options of `createFileSessionStore`. */
export interface FileSessionStoreOptions {
  /** The folder holding `<session>.v<version>.json` files; created on the first save. */
  directory: string;
  /** Permission bits of new files; default `0o600` (conversations are private). */
  fileMode?: number;
}

/** Times `load` lists the folder again when the newest version vanished under it (a newer save pruned it). */
const LOAD_ATTEMPTS = 8;

/**
 * A session store on the local file system, safe across processes without locks: version `n` of a
 * session is its own file, created with `link()` (which fails if the file exists), so two saves of one
 * version cannot both succeed; a save that finds a newer version after linking withdraws and reports a
 * conflict. Each file is written to a temp name and fsynced before it is linked, so a reader never sees
 * a torn file. Older versions are removed after a save.
 * @example
 * const sessions = createFileSessionStore({ directory: '.sessions' });
 */
export function createFileSessionStore(options: FileSessionStoreOptions): SessionStore {
  const directory = resolve(options.directory);
  const fileMode = options.fileMode ?? 0o600;
  const base = (sessionId: string): string => checkpointFileName(sessionId).slice(0, -'.json'.length);
  const fileOf = (sessionId: string, version: number): string =>
    join(directory, `${base(sessionId)}.v${version}.json`);
  const failure = (sessionId: string, operation: 'save' | 'load' | 'delete', cause: unknown) =>
    new CheckpointStoreError(
      {
        runId: sessionId,
        location: directory,
        operation,
        fix: `check that ${directory} exists, is writable and has free space.`,
      },
      { cause },
    );

  async function versions(sessionId: string): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw failure(sessionId, 'load', error);
    }
    const prefix = `${base(sessionId)}.v`;
    const found: number[] = [];
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.json')) continue;
      const version = Number(name.slice(prefix.length, -'.json'.length));
      if (Number.isInteger(version) && version > 0) found.push(version);
    }
    return found.sort((a, b) => a - b);
  }

  return {
    async load(sessionId) {
      for (let attempt = 0; attempt < LOAD_ATTEMPTS; attempt += 1) {
        const version = (await versions(sessionId)).at(-1);
        if (version === undefined) return undefined;
        const path = fileOf(sessionId, version);
        let text: string;
        try {
          text = await readFile(path, 'utf8');
        } catch (error) {
          if (isErrno(error, 'ENOENT')) continue;
          throw failure(sessionId, 'load', error);
        }
        const history = decodeCheckpoint<InputItem[]>(text, { runId: sessionId, location: path }).state;
        return { version, history };
      }
      throw failure(
        sessionId,
        'load',
        new Error(`the newest version kept changing (${LOAD_ATTEMPTS} tries)`),
      );
    },
    async save(sessionId, history, expectedVersion) {
      const text = encodeCheckpoint({ runId: sessionId, state: history });
      const next = expectedVersion + 1;
      const target = fileOf(sessionId, next);
      const conflict = async (): Promise<never> => {
        const actual = (await versions(sessionId)).at(-1);
        throw new SessionConflictError({
          sessionId,
          expectedVersion,
          actualVersion: actual,
          history: [...history],
        });
      };
      const temp = join(
        directory,
        `.${base(sessionId)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
      );
      let handle: FileHandle | undefined;
      try {
        await mkdir(directory, { recursive: true });
        handle = await open(temp, 'wx', fileMode);
        await handle.writeFile(text, 'utf8');
        await handle.sync();
        await handle.close();
        handle = undefined;
        try {
          await link(temp, target);
        } catch (error) {
          if (isErrno(error, 'EEXIST')) return await conflict();
          throw error;
        }
      } catch (error) {
        if (error instanceof SessionConflictError) throw error;
        throw failure(sessionId, 'save', error);
      } finally {
        await handle?.close().catch(() => undefined);
        await rm(temp, { force: true }).catch(() => undefined);
      }
      // A newer version than ours means ours was linked over a pruned file; a missing expected version
      // means the session was deleted meanwhile. Either way ours is no successor: withdraw it.
      const all = await versions(sessionId);
      if ((all.at(-1) ?? 0) > next || (expectedVersion > 0 && !all.includes(expectedVersion))) {
        await rm(target, { force: true });
        return conflict();
      }
      for (const version of all) if (version < next) await rm(fileOf(sessionId, version), { force: true });
      await syncDirectory(directory);
      return next;
    },
    async delete(sessionId) {
      try {
        for (const version of await versions(sessionId))
          await rm(fileOf(sessionId, version), { force: true });
        await syncDirectory(directory);
      } catch (error) {
        throw failure(sessionId, 'delete', error);
      }
    },
  };
}
