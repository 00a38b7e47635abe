import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { createClient, type MimoClient } from './create-client.js';

// A stream's iterator queues a `next()` made while another is pending, as an async generator does:
// one request, every event once and in order. A consumer leaving before the first event leaves no
// timer armed (the process exits on its own).
let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;
const reply = 'hello world, this is a reply';

beforeEach(async () => {
  server = await startTestServer({ strict: true, streaming: { deltaSize: 3 } });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

async function expectedTypes(): Promise<string[]> {
  server.reply.text(reply);
  const types: string[] = [];
  for await (const event of client.stream(request)) types.push(event.type);
  return types;
}

function deltas(events: ResponseStreamEvent[]): string {
  return events.map((event) => (event.type === 'response.output_text.delta' ? event.delta : '')).join('');
}

describe('concurrent next() on one stream', () => {
  it('two next() before the first settles: one request, the first two events, in order', async () => {
    const sequential = await expectedTypes();
    server.reply.text(reply);
    const iterator = client.stream(request)[Symbol.asyncIterator]();
    const [first, second] = await Promise.all([iterator.next(), iterator.next()]);
    const events = [first.value, second.value] as ResponseStreamEvent[];
    for (let result = await iterator.next(); result.done !== true; result = await iterator.next())
      events.push(result.value);
    expect(events.map((event) => event.type)).toEqual(sequential);
    expect(deltas(events)).toBe(reply);
    expect(server.calls).toHaveLength(2); // the sequential reference and this one
  });

  it('many next() at once, at the start and mid-stream: every event once, in order, then done', async () => {
    const sequential = await expectedTypes();
    server.reply.text(reply);
    const iterator = client.stream(request)[Symbol.asyncIterator]();
    const results = await Promise.all(sequential.map(() => iterator.next()));
    const more = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
    expect(results.map((result) => result.value?.type)).toEqual(sequential);
    expect(deltas(results.map((result) => result.value as ResponseStreamEvent))).toBe(reply);
    expect(more.every((result) => result.done === true)).toBe(true);
    expect(server.calls).toHaveLength(2);
  });

  it('a next() queued behind one that fails gets done, and nothing is sent again', async () => {
    server.reply.fault({ type: 'stall-after-events', events: 0 }).text('never sent');
    const stream = client.stream(request);
    const iterator = stream[Symbol.asyncIterator]();
    const first = iterator.next().catch((error: unknown) => error);
    const second = iterator.next();
    await vi.waitFor(() => expect(server.inFlight).toBe(1));
    stream.abort();
    expect(await first).toMatchObject({ name: 'AbortError' });
    expect(await second).toEqual({ done: true, value: undefined });
    expect(server.calls).toHaveLength(1);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
  });
});

const child = fileURLToPath(new URL('./test-support/stream-exit-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/** Run the child; resolves with its output once it exits on its own (a watchdog kills a hung one). */
function runChild(mode: string): Promise<{ code: number | null; output: string; hung: boolean }> {
  return new Promise((resolve) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@mimo-agents/source', child, mode],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let hung = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // Only a bound for a broken build: the child has nothing left to wait for once it printed.
    const watchdog = setTimeout(() => {
      hung = true;
      proc.kill('SIGKILL');
    }, 20_000);
    proc.on('exit', (code) => {
      clearTimeout(watchdog);
      resolve({ code, output, hung });
    });
  });
}

describe('nothing left armed (the process exits on its own)', () => {
  it('after two concurrent next() and a full read', async () => {
    const { code, output, hung } = await runChild('concurrent-next');
    expect(hung).toBe(false);
    expect(code).toBe(0);
    const result = JSON.parse(output) as { seen: string[]; calls: number };
    expect(result.calls).toBe(1);
    expect(result.seen[0]).toBe('response.created');
    expect(result.seen.filter((type) => type === 'response.created')).toHaveLength(1);
    expect(result.seen.at(-1)).toBe('response.completed');
  });

  it('after return() while the first next() waits (the total deadline is not armed after dispose)', async () => {
    const { code, output, hung } = await runChild('return-before-event');
    expect(hung).toBe(false);
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ seen: ['rejected AbortError'] });
  });
});
