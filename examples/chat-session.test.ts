// examples/chat-session.ts, in process against a scripted local server and as a script (demo server).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@mimo-agents/core';
import { startTestServer } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { main } from './chat-session.js';

describe('chat-session.ts', () => {
  it('carries the conversation through the session: the third request holds the first two exchanges', async () => {
    const server = await startTestServer({ strict: true });
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-chat-test-'));
    onTestFinished(async () => {
      await client.close();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    server.reply.text('Hello Ana!').text('Your name is Ana.').text('You are welcome.');
    const lines: string[] = [];
    const results = await main(client, { directory, print: (line) => lines.push(line) });
    expect(results.map((r) => r.finalOutput)).toEqual([
      'Hello Ana!',
      'Your name is Ana.',
      'You are welcome.',
    ]);
    expect((server.calls[2]?.body as { input?: unknown[] } | undefined)?.input).toHaveLength(5);
    expect(
      server.calls.every(
        (call) => (call.body as { prompt_cache_key?: string }).prompt_cache_key === 'demo-chat',
      ),
    ).toBe(true);
    expect(lines.at(-1)).toBe('session demo-chat: version 3, 6 items');
    // The resent prefix is cached: the third request reports cached input tokens.
    expect(results[2]?.usage.cachedTokens).toBeGreaterThan(0);
  });

  it('runs as a script against the demo server and exits 0', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.MIMO_API_KEY;
    delete env.MIMO_BASE_URL;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@mimo-agents/source', 'examples/chat-session.ts'],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stdout).toContain('you: What is my name?');
    expect(stdout).toMatch(/session demo-chat: version 3, \d+ items/);
  }, 60_000);
});
