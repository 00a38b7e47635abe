import { AsyncLocalStorage } from 'node:async_hooks';
import { getEventListeners } from 'node:events';
import { Writable } from 'node:stream';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import pino from 'pino';
import { Pool } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ApiError } from '../errors/api-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import { MimoError } from '../errors/mimo-error.js';
import { StreamProtocolError } from '../errors/stream-protocol-error.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { createClient, type MimoClient } from './create-client.js';

let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Weather in Paris?' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true, streaming: { deltaSize: 3 } });
  client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe('ResponseStream.forEach', () => {
  it('hands over the same events as for-await, in order, and resolves with the final response', async () => {
    const reply = () =>
      server.reply
        .reasoning('Need weather.')
        .functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }]);
    reply();
    reply();
    const iterated: ResponseStreamEvent[] = [];
    const first = client.stream(request);
    for await (const event of first) iterated.push(event);
    const handed: ResponseStreamEvent[] = [];
    const response = await client.stream(request).forEach((event) => {
      handed.push(event);
    });
    // The two responses differ only in their ids; the sequence of event types and payload text is the same.
    expect(handed.map((event) => event.type)).toEqual(iterated.map((event) => event.type));
    expect(handed.length).toBeGreaterThan(8);
    expect(handed.at(-1)?.type).toBe('response.completed');
    expect(response.status).toBe('completed');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(response.output_text).toBe((await first.finalResponse()).output_text);
    expect(server.calls).toHaveLength(2);
  });

  it('rejects with the typed error of a failed response after handing over its events', async () => {
    server.reply.text('partial', { fault: { type: 'failed', code: 'server_error', message: 'boom' } });
    const stream = client.stream(request);
    const types: string[] = [];
    const error = await stream
      .forEach((event) => {
        types.push(event.type);
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('response_failed');
    expect(types.at(-1)).toBe('response.failed');
    await expect(stream.finalResponse()).rejects.toBe(error);
  });

  it('a stream cut mid-way rejects with a retryable ConnectionError, never a replayed event', async () => {
    server.reply
      .text('a longer answer', {
        fault: { type: 'drop-after-events', events: 4 },
        streaming: { eventDelayMs: 10 },
      })
      .text('never used');
    const sequence: number[] = [];
    const error = await client
      .stream(request)
      .forEach((event) => {
        sequence.push(event.type === 'unknown' ? -1 : event.sequence_number);
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).retryable).toBe(true);
    expect(sequence).toEqual([0, 1, 2, 3].slice(0, sequence.length));
    expect(sequence.length).toBeGreaterThanOrEqual(3);
    expect(server.calls).toHaveLength(1);
  });

  it('a throwing callback aborts the request (the server sees it closed) and its error is rethrown', async () => {
    server.reply.text('a long answer '.repeat(50), { streaming: { deltaSize: 2, eventDelayMs: 5 } });
    const stream = client.stream(request);
    const stop = new Error('enough');
    let deltas = 0;
    const error = await stream
      .forEach((event) => {
        if (event.type === 'response.output_text.delta' && ++deltas === 3) throw stop;
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBe(stop);
    expect(deltas).toBe(3);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(AbortError);
  });

  it('an abort signal mid-stream rejects with AbortError and leaves no listener on the signal', async () => {
    server.reply.text('a long answer '.repeat(50), { streaming: { deltaSize: 2, eventDelayMs: 5 } });
    const controller = new AbortController();
    const error = await client
      .stream(request, { signal: controller.signal })
      .forEach((event) => {
        if (event.type === 'response.output_text.delta') controller.abort();
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AbortError);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  // The whole body may arrive in one chunk, its events decoded before the first is handed out: an abort
  // from the callback must still stop the rest, and the read must reject, not resolve with the response.
  it('stream.abort() inside the callback hands out no further event and rejects with AbortError', async () => {
    server.reply.text('a short answer');
    const stream = client.stream(request);
    const seen: ResponseStreamEvent[] = [];
    const error = await stream
      .forEach((event) => {
        seen.push(event);
        if (seen.length === 1) stream.abort();
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(1);
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(AbortError);
  });

  it("the caller's signal aborted inside the callback hands out no further event and rejects with AbortError", async () => {
    server.reply.text('a short answer');
    const controller = new AbortController();
    const seen: ResponseStreamEvent[] = [];
    const error = await client
      .stream(request, { signal: controller.signal })
      .forEach((event) => {
        seen.push(event);
        if (seen.length === 1) controller.abort();
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('stream.abort() inside a for-await loop ends it with AbortError before the next decoded event', async () => {
    server.reply.text('a short answer');
    const stream = client.stream(request);
    const seen: ResponseStreamEvent[] = [];
    const iterate = async (): Promise<void> => {
      for await (const event of stream) {
        seen.push(event);
        if (seen.length === 1) stream.abort();
      }
    };
    const error = await iterate().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(1);
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(AbortError);
  });

  // The first event is waited for through `whenReady` too (the read holds no promise of its own while
  // the request waits): a failed attempt before it is retried, and each event still arrives once.
  it('retries an attempt that fails before its first event and hands over every event of the accepted one, once', async () => {
    server.reply.error(503, undefined).text('after a retry');
    const retried: string[] = [];
    const handed: ResponseStreamEvent[] = [];
    const response = await client
      .stream(request, { onRetry: (info) => retried.push(info.reason) })
      .forEach((event) => {
        handed.push(event);
      });
    expect(retried).toEqual(['http 503']);
    expect(server.calls).toHaveLength(2);
    expect(response.output_text).toBe('after a retry');
    const sequence = handed.map((event) => (event.type === 'unknown' ? -1 : event.sequence_number));
    expect(sequence).toEqual(sequence.map((_, index) => index));
    expect(handed.at(-1)?.type).toBe('response.completed');
  });

  it('a request that fails before its first event rejects with its typed error (logged once), nothing handed over', async () => {
    server.reply.error(400, { error: { code: 'bad', message: 'refused here', type: '' } });
    const handed: ResponseStreamEvent[] = [];
    const error = await client
      .stream(request)
      .forEach((event) => {
        handed.push(event);
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect(handed).toEqual([]);
    expect(server.calls).toHaveLength(1);
  });

  it('an abort while the first event is awaited rejects with AbortError and leaves no listener on the signal', async () => {
    server.reply.text('slow to start', { fault: { type: 'delay-headers', ms: 5_000 } });
    const controller = new AbortController();
    const read = client.stream(request, { signal: controller.signal }).forEach(() => {});
    await vi.waitFor(() => expect(server.inFlight).toBe(1));
    controller.abort();
    expect(await read.catch((thrown: unknown) => thrown)).toBeInstanceOf(AbortError);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('is single use, like iteration: a second read of either kind is refused with stream_consumed', async () => {
    server.reply.text('once').text('twice');
    const read = client.stream(request);
    await read.forEach(() => {});
    const again = await read.forEach(() => {}).catch((thrown: unknown) => thrown);
    expect(again).toBeInstanceOf(MimoError);
    expect((again as MimoError).code).toBe('stream_consumed');
    const iterated = client.stream(request);
    for await (const _event of iterated) break;
    await expect(iterated.forEach(() => {})).rejects.toMatchObject({ code: 'stream_consumed' });
    expect(server.calls).toHaveLength(2);
  });

  it('finalResponse() asked for while the stream is read settles with it (and a failure nobody reads is not unhandled)', async () => {
    server.reply.text('the answer').text('partial', { fault: { type: 'failed', message: 'boom' } });
    const stream = client.stream(request);
    let final: Promise<unknown> | undefined;
    const response = await stream.forEach(() => {
      final ??= stream.finalResponse();
    });
    expect(await final).toBe(response);
    expect(response.output_text).toBe('the answer');
    // Read to its failed end, its final response never asked for: no unhandled rejection (vitest would fail the run).
    await expect(client.stream(request).forEach(() => {})).rejects.toBeInstanceOf(ApiError);
  });
  // Events arriving one chunk at a time after the first are waited for through `whenReady` (no promise
  // per chunk); each failure on that path still ends the read typed, after the events before it.
  describe('after the first event, one chunk at a time', () => {
    it('a malformed frame mid-stream rejects with StreamProtocolError after the good events before it', async () => {
      server.reply.text('a longer answer', {
        fault: { type: 'malformed-frame', afterEvents: 4 },
        streaming: { eventDelayMs: 5 },
      });
      const sequence: number[] = [];
      const error = await client
        .stream(request, { maxRetries: 0 })
        .forEach((event) => {
          sequence.push(event.type === 'unknown' ? -1 : event.sequence_number);
        })
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(StreamProtocolError);
      expect(sequence).toEqual([0, 1, 2, 3]);
      expect(server.calls[0]?.faults[0]?.type).toBe('malformed-frame');
    });

    it('a logger that throws while a mid-stream failure is logged still leaves forEach rejecting with the typed error (nothing uncaught)', async () => {
      const logged: number[] = [];
      const logger = pino(
        {
          level: 'warn',
          hooks: {
            logMethod(_args, _method, level) {
              logged.push(level);
              throw new Error('the logger broke');
            },
          },
        },
        new Writable({ write: (_chunk, _encoding, done) => done() }),
      );
      const throwing = createClient({ baseURL: server.url, apiKey: server.apiKey, logger });
      server.reply.text('a longer answer', {
        fault: { type: 'malformed-frame', afterEvents: 4 },
        streaming: { eventDelayMs: 5 },
      });
      const error = await throwing
        .stream(request, { maxRetries: 0 })
        .forEach(() => {})
        .catch((thrown: unknown) => thrown);
      await throwing.close();
      // The logger was called for the failure (and threw), and the consumer still got the stream's error.
      expect(logged.length).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(MimoError);
      expect(server.calls[0]?.faults[0]?.type).toBe('malformed-frame');
    });

    it('a server that goes quiet mid-stream trips timeouts.idleMs (IdleTimeoutError), and the request is closed', async () => {
      const quick = createClient({ baseURL: server.url, apiKey: server.apiKey, timeouts: { idleMs: 200 } });
      server.reply.text('a longer answer', {
        fault: { type: 'stall-after-events', events: 3 },
        streaming: { eventDelayMs: 5 },
      });
      let events = 0;
      const error = await quick
        .stream(request, { maxRetries: 0 })
        .forEach(() => {
          events += 1;
        })
        .catch((thrown: unknown) => thrown);
      await quick.close();
      expect(error).toBeInstanceOf(IdleTimeoutError);
      expect(events).toBe(3);
      expect((await server.callSettled(0)).clientAborted).toBe(true);
    });

    it('a body that ends without a terminal event rejects with a retryable ConnectionError after every event', async () => {
      server.reply.text('a longer answer', {
        fault: { type: 'no-terminal-event' },
        streaming: { eventDelayMs: 5 },
      });
      const types: string[] = [];
      const error = await client
        .stream(request, { maxRetries: 0 })
        .forEach((event) => {
          types.push(event.type);
        })
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).retryable).toBe(true);
      expect(types.length).toBeGreaterThan(4);
      expect(types).not.toContain('response.completed');
      expect(server.calls[0]?.faults[0]?.type).toBe('no-terminal-event');
    });

    it('every event of a long answer dripped one per chunk arrives once, in order', async () => {
      const text = 'word '.repeat(60);
      server.reply.text(text, { streaming: { deltaSize: 3, eventDelayMs: 1 } });
      const sequence: number[] = [];
      let deltas = '';
      const response = await client.stream(request).forEach((event) => {
        sequence.push(event.type === 'unknown' ? -1 : event.sequence_number);
        if (event.type === 'response.output_text.delta') deltas += event.delta;
      });
      expect(deltas).toBe(text);
      expect(response.output_text).toBe(text);
      expect(sequence).toEqual(sequence.map((_, index) => index));
      expect(sequence.length).toBeGreaterThan(100);
    });
  });

  it("runs every callback in its own caller's async context, also on a keep-alive socket an earlier request opened", async () => {
    await server.close();
    server = await startTestServer({ strict: true, streaming: { deltaSize: 2, eventDelayMs: 2 } });
    await client.close();
    const als = new AsyncLocalStorage<string>();
    // One connection for all three streams: runs B and C read a socket that run A's request opened.
    const pool = new Pool(new URL(server.url).origin, { connections: 1 });
    client = createClient({ baseURL: server.url, apiKey: server.apiKey, dispatcher: pool });
    const seen: Record<string, string[]> = {};
    for (const run of ['run-A', 'run-B', 'run-C']) {
      server.reply.text('hello there, friend');
      const stores: string[] = [];
      seen[run] = stores;
      await als.run(run, () =>
        client.stream(request).forEach(() => {
          stores.push(String(als.getStore()));
        }),
      );
    }
    expect(server.connections).toBe(1);
    await pool.close();
    for (const [run, stores] of Object.entries(seen)) {
      expect(stores.length).toBeGreaterThan(8);
      expect(new Set(stores)).toEqual(new Set([run]));
    }
  });
});
