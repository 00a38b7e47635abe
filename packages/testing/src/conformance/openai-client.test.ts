import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordingNames } from '../recording/recording-path.js';
import type { ReplyScript } from '../reply/reply-script.js';
import type { ReplyCommon } from '../reply/reply-spec.js';
import { startTestServer, type TestServer } from '../server/test-server.js';

let server: TestServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startTestServer({ demoModel: false });
  client = new OpenAI({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});

const tools = [
  {
    type: 'function' as const,
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: z.toJSONSchema(z.object({ city: z.string(), unit: z.enum(['c', 'f']) })),
    strict: true,
  },
  {
    type: 'function' as const,
    name: 'search',
    description: 'Search the web',
    parameters: z.toJSONSchema(z.object({ query: z.string(), limit: z.number().int().min(1) })),
    strict: true,
  },
];

/** Each scripted scenario, queued on the script with the delta size under test. */
const scenarios: Record<string, (reply: ReplyScript, common: ReplyCommon) => void> = {
  text: (reply, common) => reply.text('Bonjour ☀️ — naïve café, 東京 and 🎉 emoji.', common),
  'reasoning then text': (reply, common) =>
    reply.text('The answer is 42.', { ...common, reasoning: 'Think: 6 × 7 = 42 ✓' }),
  'reasoning then calls': (reply, common) =>
    reply.functionCalls(
      [
        { name: 'get_weather', arguments: { city: 'Zürich', unit: 'c' } },
        { name: 'search', arguments: { query: 'été ☀️', limit: 2 } },
      ],
      { ...common, reasoning: 'Two tools fit.', text: 'Let me check.' },
    ),
  'interleaved parallel calls': (reply, common) =>
    reply.functionCalls(
      [
        { name: 'get_weather', arguments: { city: 'Zürich', unit: 'c' } },
        { name: 'search', arguments: { query: 'été ☀️ long query', limit: 2 } },
        { name: 'get_weather', arguments: { city: 'Köln', unit: 'f' } },
      ],
      { ...common, streaming: { ...common.streaming, interleaveCalls: true } },
    ),
  'response.failed': (reply, common) =>
    reply.text('Half an answ', {
      ...common,
      reasoning: 'Hmm.',
      fault: { type: 'failed', message: 'overloaded' },
    }),
  'incomplete text': (reply, common) =>
    reply.incomplete({ ...common, reasoning: 'Long…', partialText: 'The weather in Par' }),
  'incomplete inside a call': (reply, common) =>
    reply.incomplete({ ...common, cutFunctionCall: { name: 'get_weather', arguments: '{"city":"Pa' } }),
  ...Object.fromEntries(
    recordingNames.map((name) => [`recording ${name}`, (reply: ReplyScript) => reply.fromRecording(name)]),
  ),
  'demo model, first turn': (reply, common) => reply.demo(common),
};

const request = { model: 'mimo-v2.6-pro', input: 'Weather in Paris?', tools };

describe('the official openai client consumes every event sequence', () => {
  for (const deltaSize of [1, 3, 1000]) {
    for (const [name, script] of Object.entries(scenarios)) {
      it(`responses.stream(): ${name}, delta size ${deltaSize}`, async () => {
        script(server.reply, { streaming: { deltaSize } });
        const index = server.calls.length;
        const stream = client.responses.stream(request);
        const types: string[] = [];
        for await (const event of stream) types.push(event.type);
        const final = await stream.finalResponse();
        const sent = server.calls[index]?.response;
        expect(sent).toBeDefined();
        expect(types.at(-1)).toBe(`response.${sent?.status}`);
        expect(withoutParsed(final)).toEqual(sent);
      });
    }
  }
  it('responses.stream(): a two-turn demo model loop, replaying output as input', async () => {
    server.reply.demo({ streaming: { deltaSize: 1 } }).demo({ streaming: { deltaSize: 2 } });
    const first = await client.responses.stream(request).finalResponse();
    const calls = first.output.flatMap((item) => (item.type === 'function_call' ? [item] : []));
    expect(calls.map((call) => call.name)).toEqual(['get_weather', 'search']);
    const input: OpenAI.Responses.ResponseInput = [
      { role: 'user', content: request.input },
      ...first.output.map((item) =>
        item.type === 'reasoning'
          ? { type: 'reasoning' as const, id: item.id, summary: [], content: item.content ?? [] }
          : item.type === 'function_call'
            ? {
                type: 'function_call' as const,
                call_id: item.call_id,
                name: item.name,
                arguments: item.arguments,
              }
            : { role: 'assistant' as const, content: '' },
      ),
      ...calls.map((call) => ({
        type: 'function_call_output' as const,
        call_id: call.call_id,
        output: `${call.name} says hi`,
      })),
    ];
    const index = server.calls.length;
    const second = await client.responses.stream({ ...request, input }).finalResponse();
    expect(withoutParsed(second)).toEqual(server.calls[index]?.response);
    expect(second.output_text).toContain('(local demo model) Based on get_weather: get_weather says hi');
  });
  for (const [name, script] of Object.entries(scenarios)) {
    it(`responses.create(): ${name}`, async () => {
      script(server.reply, {});
      const index = server.calls.length;
      const response = await client.responses.create(request);
      expect(response).toEqual(server.calls[index]?.response);
    });
  }
});

/** Drops the fields openai's parse helpers add (`output_parsed`, `parsed`, `parsed_arguments`). */
function withoutParsed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutParsed);
  if (typeof value !== 'object' || value === null) return value;
  const skip = new Set(['output_parsed', 'parsed', 'parsed_arguments']);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !skip.has(key))
      .map(([key, child]) => [key, withoutParsed(child)]),
  );
}
