import { type RecordedCall, startTestServer, type TestServer } from '@mimo-agents/testing';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { createClient } from './create-client.js';

let server: TestServer;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true, streaming: { eventDelayMs: 2 } });
});

afterEach(async () => {
  await server.close();
});

/** The most answers in flight at any instant, from the server's own receivedAt/finishedAt stamps. */
function peakOverlap(calls: readonly RecordedCall[]): number {
  const edges = calls.flatMap((call) => [
    { at: call.receivedAt, delta: 1 },
    { at: call.finishedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  // At equal times, count the end first: one answer ending as the next arrives is not an overlap.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const edge of edges) {
    current += edge.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

describe('limits', () => {
  // With a custom dispatcher of many connections only the limiter can hold requests back; with the
  // client's own pool (sized from maxConcurrency) both do.
  it.each(['own pool', 'wide custom dispatcher'])(
    'never has more than maxConcurrency requests in flight on the server (%s)',
    async (setup) => {
      const dispatcher = setup === 'own pool' ? undefined : new Agent({ connections: 16 });
      const client = createClient({
        baseURL: server.url,
        apiKey: server.apiKey,
        maxConcurrency: 2,
        ...(dispatcher === undefined ? {} : { dispatcher }),
      });
      // Slow replies (streamed with gaps, or headers held back) so that unlimited requests would overlap.
      for (let i = 0; i < 3; i++)
        server.reply.text(`streamed answer ${i}`, { streaming: { eventDelayMs: 5 } });
      for (let i = 0; i < 3; i++)
        server.reply.text(`json ${i}`, { fault: { type: 'delay-headers', ms: 40 } });
      await Promise.all([
        ...[0, 1, 2].map((i) => client.stream({ ...request, input: `s${i}` }).finalResponse()),
        ...[0, 1, 2].map((i) => client.create({ ...request, input: `c${i}` })),
      ]);
      await Promise.all(server.calls.map((call) => server.callSettled(call.index)));
      expect(server.calls).toHaveLength(6);
      expect(server.maxInFlight).toBe(2);
      expect(peakOverlap(server.calls)).toBe(2);
      await client.close();
      await dispatcher?.close();
    },
  );

  it('a stream holds its slot until its terminal event', async () => {
    const dispatcher = new Agent({ connections: 8 });
    const client = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      maxConcurrency: 1,
      dispatcher,
    });
    server.reply.text('first answer, slowly', { streaming: { eventDelayMs: 5 } }).text('second');
    const first = client.stream({ ...request, input: 'one' }).finalResponse();
    const second = client.create({ ...request, input: 'two' });
    await Promise.all([first, second]);
    const firstDone = await server.callSettled(0);
    expect(server.calls.map((call) => call.body)).toMatchObject([{ input: 'one' }, { input: 'two' }]);
    expect(server.calls[1]?.receivedAt).toBeGreaterThanOrEqual(firstDone.finishedAt ?? Number.NaN);
    expect(server.maxInFlight).toBe(1);
    await client.close();
    await dispatcher.close();
  });

  it('requestsPerMinute holds a request beyond the cap (real 60 s window: the third is aborted, not awaited)', async () => {
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, requestsPerMinute: 2 });
    // The first two take 100 ms on the server, so an unlimited third would arrive while they run.
    server.reply
      .text('a', { fault: { type: 'delay-headers', ms: 100 } })
      .text('b', { fault: { type: 'delay-headers', ms: 100 } })
      .text('never sent');
    const one = client.create({ ...request, input: 'one' });
    const two = client.create({ ...request, input: 'two' });
    const controller = new AbortController();
    const third = client.create({ ...request, input: 'three' }, { signal: controller.signal });
    third.catch(() => undefined);
    const [a, b] = await Promise.all([one, two]);
    expect([a.output_text, b.output_text]).toEqual(['a', 'b']);
    expect(server.calls).toHaveLength(2);
    expect(server.calls.map((call) => call.faults[0]?.type)).toEqual(['delay-headers', 'delay-headers']);
    controller.abort();
    await expect(third).rejects.toBeInstanceOf(AbortError);
    expect(server.calls).toHaveLength(2);
    expect(server.reply.pending).toBe(1);
    await client.close();
  });

  it('an aborted request leaves the queue at once and sends nothing', async () => {
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxConcurrency: 1 });
    server.reply.text('slow answer '.repeat(20), { streaming: { eventDelayMs: 5 } });
    const first = client.stream({ ...request, input: 'one' });
    const iterator = first[Symbol.asyncIterator]();
    await iterator.next();
    const controller = new AbortController();
    const queued = client.create({ ...request, input: 'two' }, { signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(AbortError);
    await iterator.return?.();
    expect(server.calls).toHaveLength(1);
    await client.close();
  });

  it("a 429's retry-after-ms pauses the queue for every request of the client", async () => {
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, retry: { baseDelayMs: 1 } });
    server.reply.error(429, undefined, { retryAfterMs: 100 }).text('a').text('b');
    let other: Promise<unknown> | undefined;
    // Once the 429 is seen (onRetry runs after the pause starts), another request must wait for the pause too.
    const first = client.create(
      { ...request, input: 'one' },
      { onRetry: () => (other = client.create({ ...request, input: 'two' })) },
    );
    await first;
    await other;
    expect(server.calls).toHaveLength(3);
    expect(server.calls[0]?.faults).toEqual([
      { type: 'status', status: 429, retryAfterMs: 100, eventsWritten: 0 },
    ]);
    const pausedFrom = server.calls[0]?.finishedAt ?? Number.NaN;
    for (const call of server.calls.slice(1)) expect(call.receivedAt - pausedFrom).toBeGreaterThanOrEqual(90);
    await client.close();
  });
});
