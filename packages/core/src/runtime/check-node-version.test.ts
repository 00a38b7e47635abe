import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UnsupportedRuntimeError } from '../errors/unsupported-runtime-error.js';
import { checkNodeVersion, MIN_NODE_MAJOR } from './check-node-version.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../..', import.meta.url));

/** A Node older than 22 on this machine (CI and dev machines have the system Node 20), if any. */
async function findOldNode(): Promise<{ path: string; version: string } | undefined> {
  const found = await run('which', ['-a', 'node']).then(
    ({ stdout }) => stdout.split('\n').filter((line) => line !== ''),
    () => [] as string[],
  );
  const candidates = [...new Set([...found, '/usr/bin/node', '/usr/local/bin/node'])].filter((path) =>
    existsSync(path),
  );
  for (const path of candidates) {
    const version = await run(path, ['-p', 'process.versions.node']).then(
      ({ stdout }) => stdout.trim(),
      () => '',
    );
    if (version !== '' && Number.parseInt(version, 10) < MIN_NODE_MAJOR) return { path, version };
  }
  return undefined;
}

describe('checkNodeVersion', () => {
  it('accepts Node 22 and later, with or without the v', () => {
    for (const version of ['22.0.0', '22.12.1', 'v24.21.0', '25.1.0']) {
      expect(() => checkNodeVersion(version), version).not.toThrow();
    }
  });

  it('refuses older or unknown runtimes with one clear message naming the fix', () => {
    for (const [version, shown] of [
      ['20.20.2', '20.20.2'],
      ['v18.19.0', '18.19.0'],
      ['21.7.3', '21.7.3'],
      [undefined, 'not Node.js'],
      ['', 'not Node.js'],
    ] as const) {
      const error = (() => {
        try {
          checkNodeVersion(version);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error, String(version)).toBeInstanceOf(UnsupportedRuntimeError);
      expect((error as UnsupportedRuntimeError).message).toMatch(
        new RegExp(`^mimo-agents needs Node >= 22; this is ${shown}\\. Fix: install Node 22 or later`),
      );
      expect((error as UnsupportedRuntimeError).code).toBe('unsupported_runtime');
      expect((error as UnsupportedRuntimeError).found).toBe(shown);
    }
  });

  it('on the machine’s Node < 22, importing core throws the clear error, not undici’s crash', async () => {
    const old = await findOldNode();
    if (old === undefined) {
      // No old Node here: what such a Node would hit is the same function with its version.
      expect(() => checkNodeVersion('20.20.2')).toThrow(/^mimo-agents needs Node >= 22; this is 20\.20\.2\./);
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'mimo-node-check-'));
    try {
      const script = join(dir, 'load.mjs');
      await writeFile(
        script,
        `try {
  const core = await import(process.argv[2]);
  core.createClient({ apiKey: 'sk-unused', baseURL: 'http://127.0.0.1:9/v1' });
  console.log(JSON.stringify({ loaded: true }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message }));
}
`,
      );
      const index = pathToFileURL(join(root, 'packages', 'core', 'src', 'index.ts')).href;
      // tsx (from the workspace root) lets the old Node load the TypeScript sources.
      const { stdout } = await run(old.path, ['--import', 'tsx', script, index], { cwd: root });
      const outcome = JSON.parse(stdout.trim()) as { name?: string; code?: string; message?: string };
      expect(outcome).toEqual({
        name: 'UnsupportedRuntimeError',
        code: 'unsupported_runtime',
        message: expect.stringMatching(
          new RegExp(`^mimo-agents needs Node >= 22; this is ${old.version.replaceAll('.', '\\.')}\\. Fix: `),
        ),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
