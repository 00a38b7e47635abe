import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';
import { CheckpointStoreError } from './checkpoint-store-error.js';
import { createFileCheckpointStore } from './file-checkpoint-store.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mimo-checkpoints-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function corruptionOf(promise: Promise<unknown>): Promise<CheckpointCorruptError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckpointCorruptError);
  return error as CheckpointCorruptError;
}

describe('createFileCheckpointStore', () => {
  it('round-trips one file per run, created with private permissions', async () => {
    const store = createFileCheckpointStore<{ turn: number; history: string[] }>({
      directory: join(directory, 'sub'),
    });
    expect(await store.load('run_1')).toBeUndefined();
    await store.save('run_1', { turn: 1, history: ['hi'] });
    await store.save('run_1', { turn: 2, history: ['hi', 'there'] });
    await store.save('run/2', { turn: 1, history: [] });
    expect(await store.load('run_1')).toEqual({ turn: 2, history: ['hi', 'there'] });
    expect(await store.load('run/2')).toEqual({ turn: 1, history: [] });
    expect((await readdir(store.directory)).sort()).toEqual(['run%2F2.json', 'run_1.json']);
    if (process.platform !== 'win32') expect((await stat(store.pathFor('run_1'))).mode & 0o777).toBe(0o600);
    await store.delete('run_1');
    await store.delete('run_1');
    expect(await store.load('run_1')).toBeUndefined();
    expect(await readdir(store.directory)).toEqual(['run%2F2.json']);
  });

  it('keeps hostile run ids inside its folder', async () => {
    const store = createFileCheckpointStore<unknown>({ directory });
    const ids = ['../escape', '.', '..', '/abs/path', 'C:\\x', 'ünï', 'x'.repeat(400)];
    for (const [i, id] of ids.entries()) await store.save(id, { i });
    for (const [i, id] of ids.entries()) expect(await store.load(id)).toEqual({ i });
    expect(await readdir(directory)).toHaveLength(ids.length);
    expect(await readdir(dirname(directory))).not.toContain('escape.json');
  });

  it('reports a damaged file as corrupt, naming the run, the path and the fix', async () => {
    const store = createFileCheckpointStore<unknown>({ directory });
    await store.save('run_1', { answer: 42 });
    const path = store.pathFor('run_1');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"answer":42', '"answer":43'));
    const error = await corruptionOf(store.load('run_1'));
    expect(error.reason).toBe('checksum_mismatch');
    expect(error.location).toBe(path);
    expect(error.message).toContain('run "run_1"');
    expect(error.message).toContain(path);
    expect(error.message).toContain('delete it to start over, or restore it');
  });

  it('reports a truncated or emptied file as corrupt, never as a missing run', async () => {
    const store = createFileCheckpointStore<unknown>({ directory });
    await store.save('run_1', { history: ['a'.repeat(1000)] });
    const path = store.pathFor('run_1');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, Math.floor(text.length * 0.6)));
    expect((await corruptionOf(store.load('run_1'))).reason).toBe('invalid_json');
    await writeFile(path, '');
    expect((await corruptionOf(store.load('run_1'))).reason).toBe('empty');
  });

  it('ignores a half-written temp file left by a crash and loads the last good state', async () => {
    const store = createFileCheckpointStore<unknown>({ directory });
    await store.save('run_1', { seq: 1 });
    const path = store.pathFor('run_1');
    const half = (await readFile(path, 'utf8')).slice(0, 20);
    await writeFile(`${path}.4242.deadbeef0000.tmp`, half);
    expect(await store.load('run_1')).toEqual({ seq: 1 });
    await store.save('run_1', { seq: 2 });
    expect(await store.load('run_1')).toEqual({ seq: 2 });
  });

  it('applies concurrent saves of one run in call order: the last save wins, no temp files remain', async () => {
    const store = createFileCheckpointStore<{ writer: number; pad: string }>({ directory });
    const writers = Array.from({ length: 24 }, (_, writer) => ({
      writer,
      pad: String(writer).repeat(20_000),
    }));
    // The caller mutates its state object right after asking for a save (as the run loop does).
    const live = { writer: -1, pad: '' };
    const saves = writers.map((state) => {
      Object.assign(live, state);
      return store.save('shared', live);
    });
    await Promise.all(saves);
    expect(await store.load('shared')).toEqual(writers.at(-1));
    expect(await readdir(directory)).toEqual(['shared.json']);
  });

  it('ends racing saves from two stores on one folder with exactly one complete state', async () => {
    const a = createFileCheckpointStore<{ writer: number; pad: string }>({ directory });
    const b = createFileCheckpointStore<{ writer: number; pad: string }>({ directory });
    const writers = Array.from({ length: 16 }, (_, writer) => ({
      writer,
      pad: String(writer).repeat(50_000),
    }));
    await Promise.all(writers.map((state, i) => (i % 2 === 0 ? a : b).save('shared', state)));
    const loaded = await a.load('shared');
    expect(writers).toContainEqual(loaded);
    expect(await readdir(directory)).toEqual(['shared.json']);
  });

  it('fails a save into an unusable folder with a store error and leaves nothing behind', async () => {
    const blocker = join(directory, 'not-a-folder');
    await writeFile(blocker, 'x');
    const store = createFileCheckpointStore<unknown>({ directory: blocker });
    const error = await store.save('run_1', { a: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointStoreError);
    expect((error as CheckpointStoreError).operation).toBe('save');
    expect((error as CheckpointStoreError).message).toContain(blocker);
    await expect(store.load('run_1')).rejects.toBeInstanceOf(CheckpointStoreError);
  });

  it('survives SIGKILL at arbitrary points of a save: the file is always the last good state or newer', async () => {
    const child = fileURLToPath(new URL('../test-support/file-store-crash-child.ts', import.meta.url));
    const store = createFileCheckpointStore<{ seq: number; blob: string }>({ directory });
    for (const killAfter of [1, 4, 9]) {
      const confirmed = await runAndKill(child, killAfter);
      const loaded = await store.load('crashy');
      expect(loaded?.seq).toBeGreaterThanOrEqual(confirmed);
      expect(loaded?.blob).toBe(String((loaded?.seq ?? 0) % 10).repeat(400_000));
    }
  });
});

/** Starts the crash child and SIGKILLs it as soon as it reports `killAfter` saves; resolves the last confirmed seq. */
function runAndKill(script: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@mimo-agents/source', script, directory, 'crashy'],
      { cwd: fileURLToPath(new URL('../../../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let confirmed = 0;
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/saved (\d+)/g)) confirmed = Number(match[1]);
      if (confirmed >= killAfter) proc.kill('SIGKILL');
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(confirmed);
      else reject(new Error(`crash child exited early (code ${code}): ${stderr}`));
    });
  });
}
