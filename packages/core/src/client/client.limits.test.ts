import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { createClient } from './create-client.js';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer({ streaming: { eventDelayMs: 2 } });
});

afterEach(async () => {
  await server.close();
});

describe('limits', () => {
  it('keeps at most maxConcurrency requests in flight; a stream holds its slot until its end', async () => {
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxConcurrency: 1 });
    server.reply.text('first answer, slowly').text('second');
    const first = client.stream({ model: 'mimo-v2.5-pro', input: 'one' }).finalResponse();
    const second = client.create({ model: 'mimo-v2.5-pro', input: 'two' });
    await Promise.all([first, second]);
    const firstDone = await server.callSettled(0);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]?.receivedAt).toBeGreaterThanOrEqual(firstDone.receivedAt);
    expect(server.calls[0]?.body).toMatchObject({ input: 'one' });
    await client.close();
  });

  it('an aborted request leaves the queue at once and sends nothing', async () => {
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxConcurrency: 1 });
    server.reply.text('slow answer '.repeat(20), { streaming: { eventDelayMs: 5 } });
    const first = client.stream({ model: 'mimo-v2.5-pro', input: 'one' });
    const iterator = first[Symbol.asyncIterator]();
    await iterator.next();
    const controller = new AbortController();
    const queued = client.create({ model: 'mimo-v2.5-pro', input: 'two' }, { signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(AbortError);
    await iterator.return?.();
    expect(server.calls).toHaveLength(1);
    await client.close();
  });

  it("a 429's Retry-After pauses the queue for every request of the client", async () => {
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, retry: { baseDelayMs: 1 } });
    server.reply.error(429, undefined, { retryAfter: '1' }).text('a').text('b');
    let other: Promise<unknown> | undefined;
    // Once the 429 is seen (onRetry runs after the pause starts), another request must wait for the pause too.
    const first = client.create(
      { model: 'mimo-v2.5-pro', input: 'one' },
      { onRetry: () => (other = client.create({ model: 'mimo-v2.5-pro', input: 'two' })) },
    );
    await first;
    await other;
    expect(server.calls).toHaveLength(3);
    const pausedFrom = server.calls[0]?.receivedAt ?? 0;
    for (const call of server.calls.slice(1))
      expect(call.receivedAt - pausedFrom).toBeGreaterThanOrEqual(900);
    await client.close();
  });
});
