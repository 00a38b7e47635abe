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

const base = { model: 'mimo-v2.6-pro', input: 'Hi' };

describe('startTestServer', () => {
  it('serves a base URL ending in /v1 with a generated sk-test key', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.apiKey).toMatch(/^sk-test-[0-9a-f]{24}$/);
  });

  it('answers a scripted text non-streaming, with ids and usage', async () => {
    server.reply.text('Hello there', { reasoning: 'Greet.' });
    const res = await postResponses(server, base);
    expect(res.status).toBe(200);
    const body = (await res.json()) as WireResponse;
    expect(body).toMatchObject({
      id: 'resp_1',
      object: 'response',
      status: 'completed',
      output_text: 'Hello there',
    });
    expect(body.output.map((item) => [item.type, item.id])).toEqual([
      ['reasoning', 'rs_1'],
      ['message', 'msg_1'],
    ]);
    expect(body.usage?.output_tokens_details.reasoning_tokens).toBe(2);
    expect(body.usage?.total_tokens).toBe((body.usage?.input_tokens ?? 0) + (body.usage?.output_tokens ?? 0));
  });

  it('accepts the api-key header as well as Authorization: Bearer', async () => {
    server.reply.text('a').text('b');
    expect((await postResponses(server, base, { 'api-key': server.apiKey })).status).toBe(200);
    expect((await postResponses(server, base)).status).toBe(200);
  });

  it('answers 401 with MiMo’s body for a missing or wrong key', async () => {
    const none = await postResponses(server, base, {});
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: { code: '401', message: 'Invalid API Key', param: 'Please provide valid API Key', type: '' },
    });
    const wrong = await postResponses(server, base, { authorization: 'Bearer sk-nope' });
    expect(wrong.status).toBe(401);
    expect(server.calls.map((call) => call.status)).toEqual([401, 401]);
  });

  it('records calls with secrets redacted', async () => {
    server.reply.text('x');
    await postResponses(server, { ...base, stream: false }, { 'api-key': server.apiKey, 'x-trace': 't1' });
    const [call] = server.calls;
    expect(call).toMatchObject({
      index: 0,
      method: 'POST',
      path: '/v1/responses',
      stream: false,
      status: 200,
    });
    expect(call?.headers['api-key']).toBe('[redacted]');
    expect(call?.headers['x-trace']).toBe('t1');
    expect(JSON.stringify(call)).not.toContain(server.apiKey);
    expect(call?.body).toEqual({ ...base, stream: false });
  });

  it('streams frames with no space after the colon and consecutive sequence numbers', async () => {
    server.reply.text('Hello', { streaming: { deltaSize: 2 } });
    const res = await postResponses(server, { ...base, stream: true });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    expect(text.startsWith('event:response.created\ndata:{')).toBe(true);
    const frames = parseSse(text);
    expect(frames.map((frame) => frame.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    frames.forEach((frame, i) => {
      expect(frame.data).toMatchObject({ type: frame.event, sequence_number: i });
    });
    expect(frames.slice(4, 7).map((frame) => (frame.data as { delta: string }).delta)).toEqual([
      'He',
      'll',
      'o',
    ]);
  });

  it('streams parallel function calls with their own output_index and item_id', async () => {
    server.reply.functionCalls(
      [
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_time', arguments: '{"tz":"CET"}', callId: 'call_custom' },
      ],
      { reasoning: 'Two lookups.' },
    );
    const events = await streamEvents(server, base);
    const done = events.filter((event) => event.type === 'response.function_call_arguments.done');
    expect(done).toEqual([
      expect.objectContaining({
        item_id: 'fc_1',
        output_index: 1,
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      }),
      expect.objectContaining({
        item_id: 'fc_2',
        output_index: 2,
        name: 'get_time',
        arguments: '{"tz":"CET"}',
      }),
    ]);
    const completed = events.at(-1);
    expect(completed?.type).toBe('response.completed');
    if (completed?.type !== 'response.completed') return;
    expect(
      completed.response.output.map((item) => (item.type === 'function_call' ? item.call_id : item.type)),
    ).toEqual(['reasoning', 'call_1', 'call_custom']);
  });

  it('can interleave the argument deltas of parallel calls', async () => {
    server.reply.functionCalls(
      [
        { name: 'a', arguments: { x: 'one' } },
        { name: 'b', arguments: { y: 'two' } },
      ],
      { streaming: { deltaSize: 4, interleaveCalls: true } },
    );
    const events = await streamEvents(server, base);
    const order = events.flatMap((event) =>
      event.type === 'response.function_call_arguments.delta' ? [event.item_id] : [],
    );
    expect(order.slice(0, 4)).toEqual(['fc_1', 'fc_2', 'fc_1', 'fc_2']);
    const added = events.findIndex((event) => event.type === 'response.function_call_arguments.delta');
    expect(events.slice(added - 2, added).map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.output_item.added',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('answers 500 saying the script ran out once it is exhausted', async () => {
    server.reply.text('only one');
    await postResponses(server, base);
    const res = await postResponses(server, base);
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).toContain('script ran out');
  });

  it('answers 404 for other routes', async () => {
    const res = await fetch(`${server.url}/responses/compact`, {
      method: 'POST',
      headers: { 'api-key': server.apiKey },
    });
    expect(res.status).toBe(404);
  });

  it('computes a reply from the request with reply.with()', async () => {
    server.reply.with((request) => ({
      type: 'output',
      items: [{ type: 'message', text: `model=${request.model}` }],
    }));
    const body = (await (await postResponses(server, base)).json()) as WireResponse;
    expect(body.output_text).toBe('model=mimo-v2.6-pro');
  });

  it('resolves callSettled() once an answer has ended', async () => {
    server.reply.text('done');
    const settled = server.callSettled(0);
    await (await postResponses(server, base)).text();
    expect(await settled).toMatchObject({ index: 0, status: 200, clientAborted: false });
  });

  it('treats thinking as off by default when thinkingDefault is false', async () => {
    const off = await startTestServer({ thinkingDefault: false });
    try {
      const res = await postResponses(off, { model: 'm', input: 'Hi' });
      const response = (await res.json()) as WireResponse;
      expect(response.output.map((item) => item.type)).toEqual(['message']);
    } finally {
      await off.close();
    }
  });
});
