import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSse, postResponses, streamEvents } from '../test-support/post-responses.js';
import type { WireResponse } from '../wire/response.js';
import { startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const body = { model: 'mimo-v2.6-pro', input: 'Hi' };

/** Reads a streamed answer until `count` SSE frames arrived; returns them and the still-open reader. */
async function readFrames(
  res: Response,
  count: number,
): Promise<{ frames: string[]; reader: ReadableStreamDefaultReader }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n\n').length - 1 < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return { frames: text.split('\n\n').filter((frame) => frame !== ''), reader };
}

/** Raw HTTP read that keeps each `data` chunk as it arrived. */
function rawChunks(server: TestServer, payload: unknown): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/responses`, {
      method: 'POST',
      headers: { 'api-key': server.apiKey, 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(chunks));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}

describe('faults', () => {
  it('answers a status fault with Retry-After, then the next scripted reply', async () => {
    server.reply.fault({ type: 'status', status: 429, retryAfter: '1' }).text('after retry');
    const first = await postResponses(server, body);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(await first.json()).toEqual({
      error: { code: '429', message: 'Too many requests', type: 'limitation' },
    });
    const second = (await (await postResponses(server, body)).json()) as WireResponse;
    expect(second.output_text).toBe('after retry');
    expect(server.calls.map((call) => call.faults)).toEqual([
      [{ type: 'status', status: 429, retryAfter: '1', eventsWritten: 0 }],
      [],
    ]);
  });

  it('reply.error records a status fault and sends a custom body', async () => {
    server.reply.error(503, { error: { code: '503', message: 'busy' } }, { retryAfter: '2' });
    const res = await postResponses(server, body);
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '2']);
    expect(await res.json()).toEqual({ error: { code: '503', message: 'busy' } });
    expect(server.calls[0]?.faults[0]).toMatchObject({ type: 'status', status: 503 });
  });

  it('sends retry-after-ms from a status fault and from reply.error', async () => {
    server.reply
      .fault({ type: 'status', status: 429, retryAfterMs: 80 })
      .error(503, undefined, { retryAfterMs: 5 });
    const first = await postResponses(server, body);
    expect([first.status, first.headers.get('retry-after-ms'), first.headers.get('retry-after')]).toEqual([
      429,
      '80',
      null,
    ]);
    const second = await postResponses(server, body);
    expect([second.status, second.headers.get('retry-after-ms')]).toEqual([503, '5']);
    expect(server.calls.map((call) => call.faults)).toEqual([
      [{ type: 'status', status: 429, retryAfterMs: 80, eventsWritten: 0 }],
      [{ type: 'status', status: 503, retryAfterMs: 5, eventsWritten: 0 }],
    ]);
  });

  it('can send an error body SSE-style, as MiMo does on streamed requests', async () => {
    server.reply.error(400, undefined, { asSse: true });
    const res = await postResponses(server, { ...body, stream: true });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(await res.text()).toBe('data:{"error":{"code":"400","message":"Param Incorrect","type":""}}\n\n');
  });

  it('delays headers', async () => {
    server.reply.text('slow', { fault: { type: 'delay-headers', ms: 60 } });
    const started = performance.now();
    const res = await postResponses(server, body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(res.status).toBe(200);
    expect(server.calls[0]?.faults).toEqual([{ type: 'delay-headers', ms: 60, eventsWritten: 0 }]);
  });

  it('drops the connection after exactly N events', async () => {
    server.reply.text('Hello world', { fault: { type: 'drop-after-events', events: 3 } });
    const res = await postResponses(server, { ...body, stream: true });
    await expect(res.text()).rejects.toThrow();
    const call = await server.callSettled(0);
    expect(call.faults).toEqual([{ type: 'drop-after-events', events: 3, eventsWritten: 3 }]);
    expect(call.clientAborted).toBe(false);
  });

  it('stalls after N events with the socket open, records a client abort, and close() releases it', async () => {
    server.reply.text('Hello world', { fault: { type: 'stall-after-events', events: 2 } });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/responses`, {
      method: 'POST',
      headers: { 'api-key': server.apiKey },
      body: JSON.stringify({ ...body, stream: true }),
      signal: controller.signal,
    });
    const { frames } = await readFrames(res, 2);
    expect(frames.map((frame) => frame.split('\n')[0])).toEqual([
      'event:response.created',
      'event:response.in_progress',
    ]);
    expect(server.calls[0]?.faults).toEqual([{ type: 'stall-after-events', events: 2, eventsWritten: 2 }]);
    controller.abort();
    const call = await server.callSettled(0);
    expect(call.clientAborted).toBe(true);
  });

  it('holds the socket open after the terminal event until the client closes it', async () => {
    server.reply.text('Hello', { fault: { type: 'hold-open-after-terminal' } });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/responses`, {
      method: 'POST',
      headers: { 'api-key': server.apiKey },
      body: JSON.stringify({ ...body, stream: true }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event:response.completed')) {
      const { done, value } = await reader.read();
      expect(done).toBe(false);
      text += decoder.decode(value, { stream: true });
    }
    // Everything was written, yet the answer has not ended: the body stays open.
    const frames = text.split('\n\n').filter((frame) => frame !== '').length;
    // The fault is recorded once the last write has left; the client may read it a moment sooner.
    await expect
      .poll(() => server.calls[0]?.faults)
      .toEqual([{ type: 'hold-open-after-terminal', eventsWritten: frames }]);
    expect(server.calls[0]?.finishedAt).toBeUndefined();
    expect(server.inFlight).toBe(1);
    controller.abort();
    const call = await server.callSettled(0);
    expect(call.clientAborted).toBe(true);
    expect(call.finishedAt).toBeGreaterThanOrEqual(call.receivedAt);
    expect(server.inFlight).toBe(0);
  });

  it('does not fire hold-open-after-terminal on a non-streaming answer (its body ends by its length)', async () => {
    server.reply.text('x', { fault: { type: 'hold-open-after-terminal' } });
    const res = await postResponses(server, body);
    expect(((await res.json()) as WireResponse).output_text).toBe('x');
    expect(server.calls[0]?.faults).toEqual([]);
  });

  it('stamps finishedAt and counts the most requests in flight at once', async () => {
    server.reply.text('a', { streaming: { eventDelayMs: 5 } }).text('b', { streaming: { eventDelayMs: 5 } });
    await Promise.all([streamEvents(server, body), streamEvents(server, body)]);
    await Promise.all([server.callSettled(0), server.callSettled(1)]);
    expect(server.maxInFlight).toBe(2);
    expect(server.inFlight).toBe(0);
    for (const call of server.calls) expect(call.finishedAt).toBeGreaterThanOrEqual(call.receivedAt);
    server.reply.text('c');
    await streamEvents(server, body);
    expect(server.maxInFlight).toBe(2);
  });

  it('close() ends a stalled stream promptly', async () => {
    server.reply.text('Hello', { fault: { type: 'stall-after-events', events: 1 } });
    const res = await postResponses(server, { ...body, stream: true });
    const { reader } = await readFrames(res, 1);
    await server.close();
    await expect(reader.read()).rejects.toThrow();
  });

  it('writes a malformed frame after N events', async () => {
    server.reply.text('Hi', { fault: { type: 'malformed-frame', afterEvents: 1 } });
    const res = await postResponses(server, { ...body, stream: true });
    const text = await res.text();
    expect(() => parseSse(text)).toThrow(SyntaxError);
    expect(text.split('\n\n')[1]).toMatch(/^event:response.output_text.delta\ndata:\{.*"delta":$/);
    expect(server.calls[0]?.faults).toEqual([{ type: 'malformed-frame', afterEvents: 1, eventsWritten: 1 }]);
  });

  it('ends the stream without a terminal event', async () => {
    server.reply.text('Hi', { fault: { type: 'no-terminal-event' } });
    const events = await streamEvents(server, body);
    expect(events.at(-1)?.type).toBe('response.output_item.done');
    expect(server.calls[0]?.faults).toEqual([{ type: 'no-terminal-event', eventsWritten: events.length }]);
  });

  it('ends with response.incomplete or response.failed', async () => {
    server.reply
      .text('cut', { fault: { type: 'incomplete', reason: 'content_filter' } })
      .text('boom', { fault: { type: 'failed', message: 'overloaded' } });
    const incomplete = (await streamEvents(server, body)).at(-1);
    expect(incomplete).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'content_filter' } },
    });
    const failed = (await streamEvents(server, body)).at(-1);
    expect(failed).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'server_error', message: 'overloaded' } },
    });
    expect(server.calls.map((call) => call.faults[0]?.type)).toEqual(['incomplete', 'failed']);
  });

  it('splits frames across TCP writes at chosen byte offsets, even inside a multi-byte character', async () => {
    server.reply.text('héllo', { streaming: { deltaSize: 100 } });
    const whole = Buffer.concat(await rawChunks(server, { ...body, stream: true }));
    const eAcute = whole.indexOf(Buffer.from('é'));
    server.reply.text('héllo', { streaming: { deltaSize: 100, splitAt: [10, eAcute + 1] } });
    const chunks = await rawChunks(server, { ...body, stream: true });
    const boundaries: number[] = [];
    let offset = 0;
    for (const chunk of chunks) {
      offset += chunk.length;
      boundaries.push(offset);
    }
    expect(boundaries).toContain(10);
    expect(boundaries).toContain(eAcute + 1);
    const cut = chunks[boundaries.indexOf(eAcute + 1)];
    expect(cut?.at(-1)).toBe(0xc3); // the first byte of "é" ends a TCP write
    expect(
      Buffer.concat(chunks)
        .toString('utf8')
        .replace(/resp_\d|msg_\d|"created_at":\d+|"cached_tokens":\d+/g, ''),
    ).toBe(whole.toString('utf8').replace(/resp_\d|msg_\d|"created_at":\d+|"cached_tokens":\d+/g, ''));
  });

  it('answers non-streaming drop and malformed faults', async () => {
    server.reply
      .text('x', { fault: { type: 'drop-after-events', events: 0 } })
      .text('y', { fault: { type: 'malformed-frame', afterEvents: 0 } });
    await expect(postResponses(server, body)).rejects.toThrow();
    const res = await postResponses(server, body);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    expect(server.calls.map((call) => call.faults[0]?.type)).toEqual([
      'drop-after-events',
      'malformed-frame',
    ]);
  });

  it('records nothing when a fault never gets its chance to fire', async () => {
    server.reply.text('Hi', { fault: { type: 'drop-after-events', events: 500 } });
    const events = await streamEvents(server, body);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(server.calls[0]?.faults).toEqual([]);
  });

  it('holds a non-streaming answer after its headers until close()', async () => {
    server.reply.text('x', { fault: { type: 'stall-after-events', events: 0 } });
    const res = await postResponses(server, body);
    expect(res.status).toBe(200);
    const text = res.text();
    await server.close();
    await expect(text).rejects.toThrow();
    expect(server.calls[0]?.faults[0]?.type).toBe('stall-after-events');
  });

  it('waits eventDelayMs between events', async () => {
    server.reply.text('abc', { streaming: { deltaSize: 1, eventDelayMs: 15 } });
    const started = performance.now();
    const events = await streamEvents(server, body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15 * (events.length - 1) - 5);
  });
});
