import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ApiError } from '../errors/api-error.js';
import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { requestDeadlines } from '../timers/deadline-timer.js';
import { createClient, type MimoClient } from './create-client.js';

// Every request's first-byte, idle and total deadlines are entries on one shared DeadlineTimer: each
// must still fire at its own time, with other requests in flight, reach undici (the server sees the
// request dropped), and leave the queue (and so the Node timer) empty once the request is over.
let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

function expectNoDeadlineLeft(): void {
  expect(requestDeadlines.size).toBe(0);
  expect(requestDeadlines.armed).toBe(false);
}

describe('request deadlines on the shared timer', () => {
  it('a finished, failed or aborted request leaves no deadline entry and no armed timer behind', async () => {
    server.reply.text('one');
    expect((await client.stream(request).finalResponse()).output_text).toBe('one');
    expectNoDeadlineLeft();
    server.reply.text('two');
    expect((await client.create(request)).output_text).toBe('two');
    expectNoDeadlineLeft();
    server.reply.error(400);
    await expect(client.stream(request).finalResponse()).rejects.toBeInstanceOf(ApiError);
    expectNoDeadlineLeft();
    server.reply.text('late', { fault: { type: 'delay-headers', ms: 2_000 } });
    const controller = new AbortController();
    const aborted = client.stream(request, { signal: controller.signal }).finalResponse();
    const outcome = aborted.catch((thrown: unknown) => thrown);
    while (server.inFlight === 0) await new Promise((resolve) => setImmediate(resolve));
    // While it waits, its first-byte check and its total deadline are queued.
    expect(requestDeadlines.size).toBe(2);
    controller.abort();
    expect(await outcome).toBeInstanceOf(AbortError);
    expectNoDeadlineLeft();
  });

  it('fires the first-byte deadline of a request whose headers are late, while another request completes', async () => {
    const quick = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      maxRetries: 0,
      timeouts: { firstByteMs: 300 },
    });
    try {
      server.reply.text('never seen', { fault: { type: 'delay-headers', ms: 5_000 } }).text('meanwhile');
      const late = quick
        .stream(request)
        .finalResponse()
        .catch((thrown: unknown) => thrown);
      while (server.inFlight === 0) await new Promise((resolve) => setImmediate(resolve));
      // A second request with the default (long) deadlines shares the timer and is not disturbed.
      expect((await client.stream(request).finalResponse()).output_text).toBe('meanwhile');
      const error = await late;
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).phase).toBe('first-byte');
      // The attempt's abort reached undici before any header: the server saw the request dropped.
      expect((await server.callSettled(0)).clientAborted).toBe(true);
      expectNoDeadlineLeft();
    } finally {
      await quick.close();
    }
  });

  it('fires the idle deadline mid-stream and the total deadline, each as its own typed error', async () => {
    const idle = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      maxRetries: 0,
      timeouts: { idleMs: 200 },
    });
    const total = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      maxRetries: 0,
      timeouts: { totalMs: 300 },
    });
    try {
      server.reply.text('stalls', { fault: { type: 'stall-after-events', events: 2 } });
      const idleError = await idle
        .stream(request)
        .finalResponse()
        .catch((thrown: unknown) => thrown);
      expect(idleError).toBeInstanceOf(IdleTimeoutError);
      expect((await server.callSettled(0)).clientAborted).toBe(true);
      expectNoDeadlineLeft();

      server.reply.text('stalls too', { fault: { type: 'stall-after-events', events: 2 } });
      const totalError = await total
        .stream(request)
        .finalResponse()
        .catch((thrown: unknown) => thrown);
      expect(totalError).toBeInstanceOf(TimeoutError);
      expect((totalError as TimeoutError).phase).toBe('total');
      expect((await server.callSettled(1)).clientAborted).toBe(true);
      expectNoDeadlineLeft();
    } finally {
      await idle.close();
      await total.close();
    }
  });
});
