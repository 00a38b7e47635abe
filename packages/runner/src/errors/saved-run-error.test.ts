import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { run } from '../run.js';
import { startHarness } from '../test-support/harness.js';
import { MAX_SAVED_ERROR_CHARS, savedRunError } from './saved-run-error.js';

describe('RunState.error', () => {
  it('a run failing on a permanent API error saves its code and message in the checkpoint, without the key', async () => {
    const key = `Zq9plainSecret${randomBytes(8).toString('hex')}`;
    const { server, client } = await startHarness({ apiKey: key });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-saved-error-'));
    onTestFinished(() => rm(directory, { recursive: true, force: true }));
    const checkpoint = createFileCheckpointStore({ directory });
    server.reply.error(400, { error: { code: 'invalid_request', message: `bad input near ${key}` } });

    const failed = run({
      client,
      agent: { name: 'a', model: 'mimo-v2.6-pro' },
      input: 'Hi',
      runId: 'run-err',
      checkpoint,
    });
    await expect(failed).rejects.toMatchObject({ code: 'api_error' });
    const state = await checkpoint.load('run-err');
    expect(state?.status).toBe('failed');
    expect(state?.error?.code).toBe('api_error');
    expect(state?.error?.message).toMatch(/error 400 .*bad input near \[redacted\]/);
    const files = await readdir(directory);
    const raw = (await Promise.all(files.map((file) => readFile(join(directory, file), 'utf8')))).join('');
    expect(raw).toContain('"code":"api_error"');
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(key.slice(0, 12));
  });

  it('keeps plain JSON: code, message and fix split, key-shaped text redacted, length bounded', () => {
    const saved = savedRunError(
      Object.assign(new Error(`Invalid x (sk-${'a'.repeat(30)}). Fix: pass y.`), { code: 'x_bad' }),
      (text) => text,
    );
    expect(saved).toEqual({ code: 'unknown', message: 'Invalid x ([redacted]).', fix: 'pass y.' });
    const long = savedRunError(new Error('m'.repeat(10_000)), (text) => text);
    expect(long.message).toHaveLength(MAX_SAVED_ERROR_CHARS);
    expect(long.fix).toBeUndefined();
    expect(savedRunError('plain', (text) => text.replace('plain', 'P'))).toEqual({
      code: 'unknown',
      message: 'P',
    });
  });
});
