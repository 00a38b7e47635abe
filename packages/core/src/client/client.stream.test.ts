import { getEventListeners } from 'node:events';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { createClient, type MimoClient } from './create-client.js';

let server: TestServer;
let client: MimoClient;

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

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('client.stream', () => {
  it('yields typed events up to the terminal one and the final response', async () => {
    server.reply
      .reasoning('Need weather.')
      .functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }]);
    const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Weather in Paris?' });
    const events = await collect(stream);
    expect(events[0]?.type).toBe('response.created');
    expect(events.at(-1)?.type).toBe('response.completed');
    const args = events
      .filter((event) => event.type === 'response.function_call_arguments.delta')
      .map((event) => (event.type === 'response.function_call_arguments.delta' ? event.delta : ''))
      .join('');
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.stream).toBe(true);
    expect(server.calls[0]?.body).toMatchObject({
      model: 'mimo-v2.6-pro',
      input: 'Weather in Paris?',
      stream: true,
    });
  });

  it('finalResponse() alone consumes the stream', async () => {
    server.reply.text('Hello there');
    const final = await client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' }).finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output).toMatchObject([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello there' }] },
    ]);
    // One streamed request, read to its end: nothing was sent twice or as a non-streaming call.
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.stream).toBe(true);
  });

  it('survives a body split inside multi-byte characters', async () => {
    const text = 'Café ☕ naïve 🌧️ 東京 — fin';
    server.reply.text(text, {
      streaming: { deltaSize: 50, splitAt: Array.from({ length: 60 }, (_, i) => 300 + i * 7) },
    });
    const events = await collect(client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' }));
    const done = events.find((event) => event.type === 'response.output_text.done');
    expect(done?.type === 'response.output_text.done' ? done.text : '').toBe(text);
  });

  it('breaking out of for-await aborts the request (the server sees the connection closed)', async () => {
    server.reply.text('a long answer '.repeat(50), { streaming: { deltaSize: 2, eventDelayMs: 5 } });
    const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' });
    let seen = 0;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta' && ++seen === 3) break;
    }
    const call = await server.callSettled(0);
    expect(call.clientAborted).toBe(true);
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(AbortError);
  });

  it('an abort signal in the middle of a stream rejects with AbortError and closes the connection', async () => {
    server.reply.text('a long answer '.repeat(50), { streaming: { deltaSize: 2, eventDelayMs: 5 } });
    const controller = new AbortController();
    const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' }, { signal: controller.signal });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of stream) {
          seen.push(event.type);
          if (event.type === 'response.output_text.delta') controller.abort();
        }
      })(),
    ).rejects.toBeInstanceOf(AbortError);
    expect(seen).toContain('response.output_text.delta');
    expect(seen).not.toContain('response.completed');
    expect((await server.callSettled(0)).clientAborted).toBe(true);
  });

  it('passes unknown fields only through extraBody', async () => {
    // Not strict on purpose: strict mode answers 400 to the unknown `metadata` this test sends.
    const lax = await startTestServer();
    const laxClient = createClient({ baseURL: lax.url, apiKey: lax.apiKey });
    lax.reply.text('ok');
    await laxClient
      .stream({ model: 'mimo-v2.6-pro', input: 'Hi' }, { extraBody: { metadata: { run: 'r1' } } })
      .finalResponse();
    await laxClient.close();
    await lax.close();
    expect(lax.calls[0]?.body).toMatchObject({ metadata: { run: 'r1' } });
    expect(lax.calls[0]?.warnings.join(' ')).toContain('metadata');
  });

  it('stops reading at the terminal event while the server holds the socket open', async () => {
    // Deadlines far beyond the test's own: if reading waited for the socket to close, it would hang here.
    const patient = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      timeouts: { idleMs: 120_000, firstByteMs: 120_000, totalMs: 240_000 },
    });
    server.reply.text('held open', { fault: { type: 'hold-open-after-terminal' } });
    const started = performance.now();
    const stream = patient.stream({ model: 'mimo-v2.6-pro', input: 'Hi' });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const response = await stream.finalResponse();
    const elapsed = performance.now() - started;
    expect(types.at(-1)).toBe('response.completed');
    expect(response.output_text).toBe('held open');
    expect(elapsed).toBeLessThan(5_000);
    const call = await server.callSettled(0);
    expect(call.faults.map((fault) => fault.type)).toEqual(['hold-open-after-terminal']);
    // The server never ended the body: the client closed it.
    expect(call.clientAborted).toBe(true);
    await patient.close();
  });

  it("leaves no listener on the caller's signal once streams and requests are over, retries included", async () => {
    const controller = new AbortController();
    const { signal } = controller;
    server.reply.error(500).text('streamed after a retry').text('created').text('abandoned '.repeat(10));
    await client.stream({ model: 'mimo-v2.6-pro', input: 'one' }, { signal }).finalResponse();
    await client.create({ model: 'mimo-v2.6-pro', input: 'two' }, { signal });
    for await (const _event of client.stream({ model: 'mimo-v2.6-pro', input: 'three' }, { signal })) break;
    expect(server.calls).toHaveLength(4);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(controller.signal.aborted).toBe(false);
  });
});
