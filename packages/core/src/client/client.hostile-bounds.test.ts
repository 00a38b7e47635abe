import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import { LimitExceededError } from '../errors/limit-exceeded-error.js';
import { isMimoError } from '../errors/mimo-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { ClientOptions } from './client-options.js';
import { createClient, type MimoClient } from './create-client.js';

// Issue 13 items 4, 6, 7: a hostile or slow server cannot grow the client without bound, hold a
// request forever, or fail requests that were only queued.

let server: TestServer;
const clients: MimoClient[] = [];
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server.close();
});

function client(options: ClientOptions = {}): MimoClient {
  const created = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    maxRetries: 0,
    timeouts: { totalMs: 20_000 },
    ...options,
  });
  clients.push(created);
  return created;
}

/** Writes `chunk` again and again (honouring backpressure) until the client hangs up; returns bytes written. */
async function writeUntilClosed(res: ServerResponse, chunk: string, signal: AbortSignal): Promise<number> {
  let written = 0;
  const closed = once(res, 'close');
  while (!res.destroyed && !signal.aborted) {
    written += Buffer.byteLength(chunk);
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), closed]);
  }
  return written;
}

describe('every buffer is bounded (item 4)', () => {
  it('a frame that never ends fails with LimitExceededError at limits.maxEventBytes', async () => {
    let written = 0;
    server.reply.raw(async (res, signal) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1"');
      written = await writeUntilClosed(res, 'x'.repeat(64 * 1024), signal);
    });
    const stream = client({ limits: { maxEventBytes: 1024 * 1024 } }).stream(request);
    const error = await stream.finalResponse().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect((error as LimitExceededError).setting).toBe('limits.maxEventBytes');
    expect((error as LimitExceededError).retryable).toBe(false);
    expect((error as Error).message).toContain('Fix: raise limits.maxEventBytes');
    await server.callSettled(0);
    // The client stopped reading near the limit (socket buffers allow some slack), not at the end of memory.
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it('an endless error body is read as a prefix only: the ApiError arrives with its status', async () => {
    let written = 0;
    server.reply.raw(async (res, signal) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write('{"error":{"message":"');
      written = await writeUntilClosed(res, 'y'.repeat(64 * 1024), signal);
    });
    const error = await client({ timeouts: { totalMs: 5_000 } })
      .create(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect((error as Error).message.length).toBeLessThan(2_000);
    await server.callSettled(0);
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it('a non-streaming body above limits.maxResponseBytes fails with LimitExceededError', async () => {
    server.reply.raw((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"resp_1","output":[],"pad":"${'z'.repeat(3 * 1024 * 1024)}"}`);
    });
    const error = await client({ limits: { maxResponseBytes: 1024 * 1024 } })
      .create(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect((error as LimitExceededError).setting).toBe('limits.maxResponseBytes');
    expect((error as LimitExceededError).limit).toBe(1024 * 1024);
  });

  it('an error message quoting a 5 MB server field stays short', async () => {
    server.reply.error(400, {
      error: { code: '400', message: 'Param Incorrect', param: 'p'.repeat(5_000_000) },
    });
    const error = await client({ limits: { maxErrorBodyBytes: 16 * 1024 * 1024 } })
      .create(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).param?.startsWith('ppp')).toBe(true);
    expect((error as Error).message.length).toBeLessThan(2_500);
    expect(((error as ApiError).param ?? '').length).toBeLessThan(2_500);
  });
});

describe('slow servers (item 7)', () => {
  it('heartbeats alone fail with IdleTimeoutError after timeouts.eventIdleMs, well before totalMs', async () => {
    server.reply.raw(async (res, signal) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        'data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[]}}\n\n',
      );
      // A comment every 20 ms keeps the byte-idle deadline happy forever.
      while (!res.destroyed && !signal.aborted) {
        res.write(': ping\n\n');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    const stream = client({ timeouts: { eventIdleMs: 300, idleMs: 60_000, totalMs: 15_000 } }).stream(
      request,
    );
    const error = await stream.finalResponse().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IdleTimeoutError);
    expect((error as IdleTimeoutError).timeoutMs).toBe(300);
    expect((error as Error).message).toContain('Fix: raise timeouts.eventIdleMs');
  });
});

describe('the limiter wait is not the request time (item 6)', () => {
  it('a request queued longer than timeouts.totalMs is still sent and succeeds', async () => {
    // The first request is held by the server past its own total deadline; the second waits for its slot.
    server.reply.raw(async (_res, signal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    });
    server.reply.text('second answer');
    const limited = client({ maxConcurrency: 1, timeouts: { totalMs: 400 } });
    const first = limited.create({ ...request, input: 'first' }).catch((caught: unknown) => caught);
    const second = limited.create({ ...request, input: 'second' });
    const firstError = await first;
    expect(firstError).toBeInstanceOf(TimeoutError);
    expect((firstError as TimeoutError).phase).toBe('total');
    const response = await second;
    expect(response.output.some((item) => item.type === 'message')).toBe(true);
    expect(server.calls).toHaveLength(2);
  });

  it('timeouts.queueMs bounds the wait for a slot: TimeoutError phase queue, never sent, not retried', async () => {
    server.reply.raw(async (_res, signal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    });
    const limited = client({ maxConcurrency: 1, maxRetries: 2, timeouts: { queueMs: 100, totalMs: 60_000 } });
    const holder = new AbortController();
    const held = limited
      .create({ ...request, input: 'held' }, { signal: holder.signal })
      .catch((caught: unknown) => caught);
    const error = await limited.create({ ...request, input: 'queued' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('queue');
    expect((error as TimeoutError).retryable).toBe(false);
    expect((error as Error).message).toContain('timeouts.queueMs');
    expect(server.calls).toHaveLength(1);
    holder.abort();
    expect(isMimoError(await held)).toBe(true);
  });
});
