import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../server/test-server.js';
import { postResponses } from '../test-support/post-responses.js';
import type { WireFunctionCall, WireResponse } from '../wire/response.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const weather = z.object({ city: z.string(), unit: z.enum(['c', 'f']).optional() });
const time = z.object({ timezone: z.string(), precise: z.boolean() });
const tools = [
  { type: 'function', name: 'get_weather', description: 'Weather', parameters: z.toJSONSchema(weather) },
  { type: 'function', name: 'get_time', description: 'Time', parameters: z.toJSONSchema(time) },
];
const user = { role: 'user', content: 'Weather in Paris?' };

async function ask(body: Record<string, unknown>): Promise<WireResponse> {
  const res = await postResponses(server, { model: 'mimo-v2.6-pro', ...body });
  expect(res.status).toBe(200);
  return (await res.json()) as WireResponse;
}

describe('demo model', () => {
  it('calls every declared tool in one turn with valid arguments, after a reasoning item', async () => {
    const first = await ask({ input: [user], tools });
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    const [, a, b] = first.output as [unknown, WireFunctionCall, WireFunctionCall];
    expect(weather.parse(JSON.parse(a.arguments))).toEqual({ city: 'Paris', unit: 'c' });
    expect(time.parse(JSON.parse(b.arguments))).toMatchObject({ precise: true });
  });

  it('answers from the tool outputs on the next turn, saying it is the demo model', async () => {
    const first = await ask({ input: [user], tools });
    const replay = first.output.map((item) =>
      item.type === 'reasoning' ? { type: 'reasoning', id: item.id, content: item.content } : item,
    );
    const outputs = first.output.flatMap((item) =>
      item.type === 'function_call'
        ? [{ type: 'function_call_output', call_id: item.call_id, output: `${item.name} ok` }]
        : [],
    );
    const second = await ask({ input: [user, ...replay, ...outputs], tools });
    expect(second.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(second.output_text).toMatch(
      /^\(local demo model\) Based on get_weather: get_weather ok; get_time: get_time ok/,
    );
  });

  it('skips reasoning when thinking is off, and is deterministic', async () => {
    const one = await ask({ input: [user], tools, reasoning: { effort: 'none' } });
    const two = await ask({ input: [user], tools, reasoning: { effort: 'none' } });
    const strip = (response: WireResponse): unknown[] =>
      response.output.map((item) =>
        item.type === 'function_call' ? [item.name, item.arguments] : item.type,
      );
    expect(strip(one)).toEqual(strip(two));
    expect(one.output.every((item) => item.type === 'function_call')).toBe(true);
    expect(one.usage?.output_tokens_details.reasoning_tokens).toBe(0);
  });

  it('answers text when no tools are declared', async () => {
    const response = await ask({ input: 'Hello there' });
    expect(response.output_text).toContain('(local demo model) You said: "Hello there"');
  });

  it('is replaced by the script once something is queued', async () => {
    server.reply.text('scripted');
    expect((await ask({ input: 'x' })).output_text).toBe('scripted');
    expect((await postResponses(server, { model: 'm', input: 'x' })).status).toBe(500);
  });
});
