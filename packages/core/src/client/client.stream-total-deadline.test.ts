import { getEventListeners } from 'node:events';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '../errors/timeout-error.js';
import { createClient, type MimoClient } from './create-client.js';

// A stream's total deadline aborts the stream's own controller (no second controller per request):
// it must still end the stream with TimeoutError('total'), close the request, and not be retried.
let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey, timeouts: { totalMs: 400 } });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe("a stream's total deadline", () => {
  it('fires while waiting for the first event: TimeoutError(total), not retried, request closed', async () => {
    server.reply.fault({ type: 'stall-after-events', events: 0 }).text('never sent');
    const controller = new AbortController();
    const error = await client
      .stream(request, { signal: controller.signal })
      .finalResponse()
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('total');
    expect((error as TimeoutError).retryable).toBe(false);
    expect(server.calls).toHaveLength(1);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(controller.signal.aborted).toBe(false);
  });

  it('fires mid-stream: the events before it are delivered, then TimeoutError(total)', async () => {
    server.reply.fault({ type: 'stall-after-events', events: 3 });
    const types: string[] = [];
    const error = await client
      .stream(request)
      .forEach((event) => {
        types.push(event.type);
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('total');
    expect(types).toHaveLength(3);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
  });
});
