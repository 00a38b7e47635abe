import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileCheckpointStore, createRunState } from '@mimo-agents/runner';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startRedis } from '../../jobs/src/test-support/start-redis.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** The CLI as a real process (from source, through tsx), with what it printed and how it ended. */
function startCli(args: string[]) {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@mimo-agents/source', cli, ...args],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const changed = new Set<() => void>();
  proc.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const wake of [...changed]) wake();
  });
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  onTestFinished(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  });
  const url = () =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = /mimo-agents inspector: (http:\/\/\S+)/.exec(stdout)?.[1];
        if (found !== undefined) {
          changed.delete(check);
          resolve(found);
        }
      };
      changed.add(check);
      void exited.then(() =>
        reject(new Error(`the CLI exited before printing its URL:\n${stdout}${stderr}`)),
      );
      check();
    });
  return { proc, exited, url, stdout: () => stdout, stderr: () => stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inspector-cli-'));
  const store = createFileCheckpointStore({ directory: dir });
  await store.save(
    'cli-run-1',
    createRunState({
      runId: 'cli-run-1',
      agent: { name: 'cli-agent', model: 'mimo-v2.6-pro' },
      input: [{ role: 'user', content: 'hi' }],
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mimo-agents-inspect (the CLI as a process)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints a URL that answers, and exits cleanly on ${signal}`, async () => {
      const child = startCli(['--dir', dir, '--port', '0']);
      const url = await child.url();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-run="cli-run-1"');
      child.proc.kill(signal);
      expect(await child.exited).toEqual({ code: 0, signal: null });
      expect(child.stdout()).toContain(`mimo-agents inspector: stopped (${signal}).`);
      expect(child.stderr()).toBe('');
      await expect(fetch(url)).rejects.toThrow();
    }, 30_000);
  }

  for (const port of ['abc', '99999', '-1']) {
    it(`refuses --port ${port} with a line naming the flag and the fix`, async () => {
      const child = startCli(['--dir', dir, `--port=${port}`]);
      const { code } = await child.exited;
      expect(code).toBe(1);
      expect(child.stderr()).toBe(
        `Invalid --port (got "${port}"). Fix: give --port a whole number from 0 to 65535, e.g. --port 4173.\n`,
      );
      expect(child.stdout()).toBe('');
    }, 30_000);
  }

  it('refuses a --key-scan-ms under 1 s with a line naming the flag and the fix', async () => {
    const child = startCli(['--dir', dir, '--port', '0', '--key-scan-ms', '500']);
    expect((await child.exited).code).toBe(1);
    expect(child.stderr()).toBe(
      'Invalid --key-scan-ms (got "500"). Fix: give --key-scan-ms a whole number from 1000 to 3600000, e.g. --key-scan-ms 60000.\n',
    );
    expect(child.stdout()).toBe('');
  }, 30_000);

  it('refuses a non-loopback --host without a token, with the fix', async () => {
    const child = startCli(['--dir', dir, '--port', '0', '--host', '0.0.0.0']);
    expect((await child.exited).code).toBe(1);
    expect(child.stderr()).toMatch(
      /^Invalid host \(0\.0\.0\.0 is not loopback .*\)\. Fix: pass --token <a long random string>/,
    );
    expect(child.stdout()).toBe('');
  }, 30_000);

  it('with --redis and --queue, exits (not hangs) when the port is taken: every Redis connection closed', async () => {
    const redis = await startRedis();
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    try {
      const port = (held.address() as AddressInfo).port;
      const child = startCli(['--redis', redis.url, '--queue', 'q1', '--port', String(port)]);
      // Before the fix the approvals' Redis connections kept it alive until the test timed out.
      expect((await child.exited).code).toBe(1);
      expect(child.stderr()).toContain(`Invalid --port (port ${port} on 127.0.0.1 is already in use)`);
    } finally {
      held.close();
      await redis.stop();
    }
  }, 30_000);

  it('refuses an unknown flag with the usage', async () => {
    const child = startCli(['--dir', dir, '--prot', '80']);
    expect((await child.exited).code).toBe(2);
    expect(child.stderr()).toMatch(/Unknown option '--prot'[\s\S]*usage: mimo-agents-inspect/);
  }, 30_000);
});
