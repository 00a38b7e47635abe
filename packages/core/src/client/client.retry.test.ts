import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { ConfigError } from '../errors/config-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import { isMimoError } from '../errors/mimo-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { StreamProtocolError } from '../errors/stream-protocol-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { RetryInfo } from '../http/with-retries.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { createClient, type MimoClient } from './create-client.js';

let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 1, maxDelayMs: 2000 },
    timeouts: { idleMs: 150, firstByteMs: 150 },
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

/** Reads a stream, returning the events seen and the error thrown (if any). */
async function drain(
  stream: AsyncIterable<ResponseStreamEvent>,
): Promise<{ events: ResponseStreamEvent[]; error: unknown }> {
  const events: ResponseStreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

function sequenceNumbers(events: readonly ResponseStreamEvent[]): number[] {
  return events.map((event) => (event.type === 'unknown' ? -1 : event.sequence_number));
}

describe('retries', () => {
  // The seconds and HTTP-date forms of retry-after are covered by retry-after.test.ts; over HTTP
  // the server sends retry-after-ms so no test waits whole seconds.
  it('honours retry-after-ms on a 429: sent exactly twice, the second after the wait', async () => {
    server.reply.error(429, undefined, { retryAfterMs: 80 }).text('after the wait');
    const retries: RetryInfo[] = [];
    // Generous deadlines: this test is about the 429's wait, not about a stall on a loaded machine.
    const patient = createClient({ baseURL: server.url, apiKey: server.apiKey, retry: { baseDelayMs: 1 } });
    const response = await patient.create(request, { onRetry: (info) => retries.push(info) });
    await patient.close();
    expect(response.status).toBe('completed');
    expect(server.calls).toHaveLength(2);
    expect(server.calls[0]?.faults).toEqual([
      { type: 'status', status: 429, retryAfterMs: 80, eventsWritten: 0 },
    ]);
    expect(server.calls[0]?.status).toBe(429);
    // From the first request's arrival: the server may note `finishedAt` late on a loaded machine,
    // but the client cannot have sent the second request before the first arrived plus the wait.
    const gap = (server.calls[1]?.receivedAt ?? 0) - (server.calls[0]?.receivedAt ?? Number.NaN);
    expect(gap).toBeGreaterThanOrEqual(78);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, delayMs: 80, reason: 'http 429' });
  });

  it("waits the server's named time even when it exceeds retry.maxDelayMs", async () => {
    const capped = createClient({ baseURL: server.url, apiKey: server.apiKey, retry: { maxDelayMs: 5 } });
    server.reply.error(429, undefined, { retryAfterMs: 100 }).text('ok');
    const retries: RetryInfo[] = [];
    await capped.create(request, { onRetry: (info) => retries.push(info) });
    await capped.close();
    expect(retries.map((info) => info.delayMs)).toEqual([100]);
    const gap = (server.calls[1]?.receivedAt ?? 0) - (server.calls[0]?.receivedAt ?? Number.NaN);
    expect(gap).toBeGreaterThanOrEqual(98);
  });

  it('fails with the RateLimitError instead of waiting past retry.maxRetryAfterMs', async () => {
    const tight = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      retry: { maxRetryAfterMs: 50 },
    });
    server.reply.error(429, undefined, { retryAfterMs: 3_600_000 }).text('never');
    const started = performance.now();
    const error = await tight.create(request).catch((caught: unknown) => caught);
    await tight.close();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(server.calls).toHaveLength(1);
  });

  it('a request maxRetries overrides the client budget: 0 sends once, 1 sends twice', async () => {
    server.reply.error(500).text('not reached');
    const none = await client.create(request, { maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(none).toBeInstanceOf(ApiError);
    expect(server.calls).toHaveLength(1);
    server.reply.clear().error(503).error(503).error(503).text('not reached');
    const retries: RetryInfo[] = [];
    const stream = client.stream(request, { maxRetries: 1, onRetry: (info) => retries.push(info) });
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(ApiError);
    expect(server.calls.map((call) => call.status)).toEqual([500, 503, 503]);
    expect(retries).toHaveLength(1);
    // The client's own budget (2) still applies when the request does not override it.
    server.reply.clear().error(503).error(503).text('third time');
    expect((await client.create(request)).status).toBe('completed');
    expect(server.calls).toHaveLength(6);
  });

  it('a final 5xx says how many attempts were made and names the local server, not MiMo', async () => {
    server.reply.error(500).text('not reached');
    const none = (await client
      .create(request, { maxRetries: 0 })
      .catch((caught: unknown) => caught)) as Error;
    expect(none).toBeInstanceOf(ApiError);
    expect(none.message).toContain('Not retried (maxRetries: 0).');
    expect(none.message).not.toMatch(/retried with backoff|MiMo API error/);
    expect(none.message).toContain(`Local server error 500 (${new URL(server.url).host}, not MiMo)`);
    server.reply.clear().error(503).error(503).error(503);
    const stream = client.stream(request, { maxRetries: 2 });
    const thrice = (await stream.finalResponse().catch((caught: unknown) => caught)) as Error;
    expect(server.calls.map((call) => call.status)).toEqual([500, 503, 503, 503]);
    expect(thrice.message).toContain('Failed after 3 attempts (2 retries, maxRetries: 2).');
  });

  it('refuses a malformed request maxRetries before sending', async () => {
    await expect(client.create(request, { maxRetries: -1 })).rejects.toBeInstanceOf(ConfigError);
    expect(() => client.stream(request, { maxRetries: 1.5 })).toThrow(ConfigError);
    expect(server.calls).toHaveLength(0);
  });

  it('retries a 500 once and succeeds', async () => {
    server.reply.error(500).text('fine now');
    const response = await client.create(request);
    expect(response.status).toBe('completed');
    expect(server.calls.map((call) => call.status)).toEqual([500, 200]);
  });

  it('gives up after maxRetries with the last ApiError', async () => {
    server.reply.error(503).error(503).error(503).text('never');
    const error = await client.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect(server.calls).toHaveLength(3);
  });

  it.each([400, 401, 402, 403, 404, 421, 422])('never retries %i', async (status) => {
    server.reply.error(status).text('never');
    const error = await client.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).retryable).toBe(false);
    expect(server.calls).toHaveLength(1);
  });

  it('retries a stream dropped before any event, transparently', async () => {
    server.reply.fault({ type: 'drop-after-events', events: 0 }).text('second try');
    const { events, error } = await drain(client.stream(request));
    expect(error).toBeUndefined();
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(server.calls).toHaveLength(2);
    expect(server.calls[0]?.faults[0]?.type).toBe('drop-after-events');
  });

  it('a stream dropped mid-way throws a retryable ConnectionError, never duplicated events', async () => {
    server.reply
      .text('a longer answer', {
        fault: { type: 'drop-after-events', events: 4 },
        streaming: { eventDelayMs: 10 },
      })
      .text('never used');
    const { events, error } = await drain(client.stream(request));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(isMimoError(error) && error.retryable).toBe(true);
    // Event 3 may be lost with the socket; what was seen is a clean prefix, never a replay.
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(sequenceNumbers(events)).toEqual([0, 1, 2, 3].slice(0, events.length));
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.faults[0]).toMatchObject({ type: 'drop-after-events', eventsWritten: 4 });
  });

  it('a stream that stalls after content is a retryable IdleTimeoutError', async () => {
    server.reply.fault({ type: 'stall-after-events', events: 3 });
    const stream = client.stream(request);
    const { events, error } = await drain(stream);
    expect(error).toBeInstanceOf(IdleTimeoutError);
    expect((error as IdleTimeoutError).retryable).toBe(true);
    expect((error as IdleTimeoutError).message).toContain('Fix: raise timeouts.idleMs');
    expect(events).toHaveLength(3);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
    expect(server.calls[0]?.faults[0]?.type).toBe('stall-after-events');
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(IdleTimeoutError);
  });

  it('a stream that sends nothing is a first-byte timeout, retried', async () => {
    server.reply.fault({ type: 'stall-after-events', events: 0 }).text('second try');
    const retries: RetryInfo[] = [];
    const { events, error } = await drain(client.stream(request, { onRetry: (info) => retries.push(info) }));
    expect(error).toBeUndefined();
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(retries[0]?.error).toBeInstanceOf(TimeoutError);
    expect((retries[0]!.error as TimeoutError).phase).toBe('first-byte');
    expect(server.calls).toHaveLength(2);
    expect(server.calls[0]?.faults).toEqual([{ type: 'stall-after-events', events: 0, eventsWritten: 0 }]);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
    expect(server.calls[1]?.faults).toEqual([]);
  });

  it('a malformed frame after events is a StreamProtocolError with the raw text', async () => {
    server.reply.fault({ type: 'malformed-frame', afterEvents: 2 });
    const { events, error } = await drain(client.stream(request));
    expect(error).toBeInstanceOf(StreamProtocolError);
    expect((error as StreamProtocolError).raw).toContain('"delta":');
    expect(events).toHaveLength(2);
    expect(server.calls[0]?.faults[0]?.type).toBe('malformed-frame');
  });

  it('a malformed first frame is retried', async () => {
    server.reply.fault({ type: 'malformed-frame', afterEvents: 0 }).text('clean');
    const { events, error } = await drain(client.stream(request));
    expect(error).toBeUndefined();
    expect(events.filter((event) => event.type === 'response.created')).toHaveLength(1);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[0]?.faults).toEqual([{ type: 'malformed-frame', afterEvents: 0, eventsWritten: 0 }]);
    expect(server.calls[1]?.faults).toEqual([]);
  });

  it('a stream that ends without its terminal event is a retryable ConnectionError', async () => {
    server.reply.fault({ type: 'no-terminal-event' });
    const { events, error } = await drain(client.stream(request));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(events.some((event) => event.type === 'response.completed')).toBe(false);
    expect(server.calls[0]?.faults[0]?.type).toBe('no-terminal-event');
  });
});
