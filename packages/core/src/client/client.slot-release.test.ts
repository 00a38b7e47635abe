import { Writable } from 'node:stream';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ApiError } from '../errors/api-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { createClient, type MimoClient } from './create-client.js';

// One limiter slot and a short queue deadline: a slot an attempt failed to give back makes the next
// request fail with TimeoutError('queue') instead of hanging.
let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    maxConcurrency: 1,
    maxRetries: 0,
    timeouts: { queueMs: 3_000 },
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

async function nextRequestGetsTheSlot(): Promise<void> {
  server.reply.text('after');
  const response = await client.stream(request).finalResponse();
  expect(response.output_text).toBe('after');
}

describe('the limiter slot of a failed attempt is given back', () => {
  it('after an error status (the body read, the exchange closed)', async () => {
    server.reply.error(400);
    await expect(client.stream(request).finalResponse()).rejects.toBeInstanceOf(ApiError);
    await nextRequestGetsTheSlot();
    server.reply.error(400);
    await expect(client.create(request)).rejects.toBeInstanceOf(ApiError);
    await nextRequestGetsTheSlot();
  });

  it('after the caller aborted before the headers (the send failed)', async () => {
    server.reply.text('late', { fault: { type: 'delay-headers', ms: 2_000 } });
    const controller = new AbortController();
    const stream = client.stream(request, { signal: controller.signal });
    const ended = stream.finalResponse().catch((thrown: unknown) => thrown);
    // Abort once the request is at the server, waiting for its headers.
    while (server.inFlight === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await ended).toBeInstanceOf(AbortError);
    await nextRequestGetsTheSlot();
  });

  it('after a stream that ended before any event', async () => {
    server.reply.fault({ type: 'drop-after-events', events: 0 });
    await expect(client.stream(request).finalResponse()).rejects.toBeInstanceOf(ConnectionError);
    expect(server.calls[0]?.faults[0]?.type).toBe('drop-after-events');
    await nextRequestGetsTheSlot();
  });

  // A stream read with forEach waits for its answer through callbacks (no promise chain): the same
  // failures give the slot back, and a call aborted before it starts sends nothing.
  describe('read with forEach', () => {
    it('after an error status, a send aborted before the headers, and a stream that ended before any event', async () => {
      server.reply.error(400);
      await expect(client.stream(request).forEach(() => {})).rejects.toBeInstanceOf(ApiError);
      await nextRequestGetsTheSlot();

      server.reply.text('late', { fault: { type: 'delay-headers', ms: 2_000 } });
      const controller = new AbortController();
      const ended = client
        .stream(request, { signal: controller.signal })
        .forEach(() => {})
        .catch((thrown: unknown) => thrown);
      while (server.inFlight === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      expect(await ended).toBeInstanceOf(AbortError);
      await nextRequestGetsTheSlot();

      server.reply.fault({ type: 'drop-after-events', events: 0 });
      await expect(client.stream(request).forEach(() => {})).rejects.toBeInstanceOf(ConnectionError);
      await nextRequestGetsTheSlot();
    });

    it('a call whose signal already aborted rejects with AbortError, sends nothing and takes no slot', async () => {
      const events: unknown[] = [];
      const read = client.stream(request, { signal: AbortSignal.abort() }).forEach((event) => {
        events.push(event);
      });
      await expect(read).rejects.toBeInstanceOf(AbortError);
      expect(events).toEqual([]);
      expect(server.calls).toHaveLength(0);
      await nextRequestGetsTheSlot();
    });
  });

  it("after a logger that threw as the request was sent (the request fails with the logger's error)", async () => {
    const broken = new Error('the log sink is full');
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(_chunk, _encoding, done) {
          done();
        },
      }),
    );
    logger.info = () => {
      throw broken;
    };
    const logging = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      maxConcurrency: 1,
      maxRetries: 0,
      timeouts: { queueMs: 500 },
      logger,
    });
    try {
      await expect(logging.stream(request).forEach(() => {})).rejects.toBe(broken);
      await expect(logging.create(request)).rejects.toBe(broken);
      // The slot came back each time: the next request is refused by the logger again, not by the queue.
      const third = await logging
        .stream(request)
        .finalResponse()
        .catch((thrown: unknown) => thrown);
      expect(third).toBe(broken);
      expect(third).not.toBeInstanceOf(TimeoutError);
      expect(server.calls).toHaveLength(0);
    } finally {
      await logging.close();
    }
  });
});
