import { Readable } from 'node:stream';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { buildConnector, type Dispatcher, Pool } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from './create-client.js';

let server: TestServer;
let pool: Pool;
let connects = 0;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  const connector = buildConnector({});
  connects = 0;
  // A pool that counts the TCP connections it opens.
  pool = new Pool(new URL(server.url).origin, {
    connect: (options, callback) => {
      connects += 1;
      connector(options, callback);
    },
  });
});

afterEach(async () => {
  await pool.close();
  await server.close();
});

describe('connections', () => {
  it('streams one after another reuse one connection: the end of body is read after the terminal event', async () => {
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, dispatcher: pool });
    for (const text of ['one', 'two', 'three']) {
      server.reply.text(text);
      const response = await client.stream({ model: 'mimo-v2.6-pro', input: text }).finalResponse();
      expect(response.output_text).toBe(text);
      // The drain runs after the caller got its terminal event; the connection is free once it ended.
      await vi.waitFor(() => expect(pool.stats.free).toBe(1));
    }
    expect(server.calls).toHaveLength(3);
    expect(server.calls.every((call) => !call.clientAborted)).toBe(true);
    expect(connects).toBe(1);
    await client.close();
  });

  it("the client's own pool has a connection beyond maxConcurrency: a body held open after its terminal event does not hold up the next request", async () => {
    // drainMs 60 s: with exactly maxConcurrency connections the second request would wait that long for
    // the first one's connection (the test would time out); with a spare connection it goes at once.
    const client = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      maxConcurrency: 1,
      timeouts: { drainMs: 60_000 },
    });
    try {
      for (const text of ['one', 'two']) {
        server.reply.text(text, { fault: { type: 'hold-open-after-terminal' } });
        const response = await client.stream({ model: 'mimo-v2.6-pro', input: text }).finalResponse();
        expect(response.output_text).toBe(text);
      }
      expect(server.calls).toHaveLength(2);
      expect(server.connections).toBe(2);
      expect(server.calls.map((call) => call.faults.map((fault) => fault.type))).toEqual([
        ['hold-open-after-terminal'],
        ['hold-open-after-terminal'],
      ]);
    } finally {
      // The server drops the held bodies first: client.close() waits for a draining body (≤ drainMs).
      await server.close();
      await client.close();
    }
  }, 15_000);

  it('hands every request the same frozen headers: a dispatcher that writes into them cannot leak a header into later requests', async () => {
    const seen: unknown[] = [];
    // A custom dispatcher in front of the pool that looks at (and tries to add to) each request's headers.
    const dispatcher = Object.create(pool) as Pool;
    dispatcher.dispatch = (options, handler) => {
      seen.push(options.headers);
      try {
        (options.headers as Record<string, string>)['x-trace'] = 'leaked';
      } catch {
        // Frozen: refused.
      }
      return pool.dispatch(options, handler);
    };
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, dispatcher });
    server.reply.text('one').text('two');
    await client.stream({ model: 'mimo-v2.6-pro', input: 'one' }).finalResponse();
    await client.stream({ model: 'mimo-v2.6-pro', input: 'two' }).finalResponse();
    expect(seen).toHaveLength(2);
    expect(seen.every((headers) => Object.isFrozen(headers))).toBe(true);
    expect(server.calls.map((call) => call.headers['x-trace'])).toEqual([undefined, undefined]);
    await client.close();
  });

  it('a first byte later than idleMs is still within firstByteMs (one timer serves both deadlines)', async () => {
    const client = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      dispatcher: pool,
      maxRetries: 0,
      timeouts: { idleMs: 300, firstByteMs: 30_000 },
    });
    server.reply.text('late but fine', { fault: { type: 'delay-headers', ms: 900 } });
    const response = await client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' }).finalResponse();
    expect(response.output_text).toBe('late but fine');
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.faults.map((fault) => fault.type)).toEqual(['delay-headers']);
    await client.close();
  });

  it('a wall-clock step forward while waiting moves no deadline (monotonic clock)', async () => {
    const client = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      dispatcher: pool,
      maxRetries: 0,
      timeouts: { idleMs: 300, firstByteMs: 30_000 },
    });
    server.reply.text('late but fine', { fault: { type: 'delay-headers', ms: 900 } });
    const realNow = Date.now.bind(Date);
    const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' });
    const done = stream.finalResponse();
    await vi.waitFor(() => expect(server.inFlight).toBe(1), { interval: 5 });
    // The wall clock jumps an hour ahead (NTP step, resume from sleep) while the first byte is awaited.
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 3_600_000);
    try {
      const response = await done;
      expect(response.output_text).toBe('late but fine');
    } finally {
      clock.mockRestore();
    }
    expect(server.calls).toHaveLength(1);
    await client.close();
  });

  // undici rethrows what its callback throws, uncaught: a dispatcher wrapper whose own `request()`
  // answers without the request's `opaque` must not crash the process; its body is dropped.
  it('a dispatcher that answers without the opaque it was given gets its body dropped, nothing thrown', async () => {
    const body = new Readable({ read() {} });
    class DropsOpaque extends Pool {
      override request(_options: unknown, callback?: unknown): never {
        const answer = callback as (error: Error | null, data: Dispatcher.ResponseData) => void;
        setImmediate(() =>
          answer(null, {
            statusCode: 200,
            headers: {},
            body,
            trailers: {},
            opaque: undefined,
            context: {},
          } as unknown as Dispatcher.ResponseData),
        );
        return undefined as never;
      }
    }
    const dispatcher = new DropsOpaque(new URL(server.url).origin);
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, dispatcher });
    const controller = new AbortController();
    // Left waiting on its dispatcher (nothing can tell it): dropped unread.
    void client
      .create({ model: 'mimo-v2.6-pro', input: 'Hi' }, { signal: controller.signal })
      .catch(() => undefined);
    await vi.waitFor(() => expect(body.destroyed).toBe(true));
    await client.close();
    await dispatcher.close();
  });
});
