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

  describe('multi-step agents', () => {
    const flights = [
      {
        type: 'function',
        name: 'submit',
        description: 'Submit the final answer',
        parameters: z.toJSONSchema(z.object({ answer: z.string(), confirmation: z.string() })),
      },
      {
        type: 'function',
        name: 'book_flight',
        description: 'Book a flight',
        parameters: z.toJSONSchema(z.object({ flight_id: z.string(), seats: z.number().int().min(1) })),
      },
      {
        type: 'function',
        name: 'search_flights',
        description: 'Search flights',
        parameters: z.toJSONSchema(z.object({ destination: z.string() })),
      },
    ];
    const outputs: Record<string, string> = {
      search_flights: JSON.stringify({
        flights: [
          { id: 'F-101', price: 420 },
          { id: 'F-202', price: 510 },
        ],
      }),
      book_flight: JSON.stringify({ confirmation: 'CONF-9', seats: 2 }),
      submit: 'submitted',
    };

    /** Runs the agent loop by hand: each turn's calls get their outputs, until the model answers. */
    async function loop(
      body: Record<string, unknown>,
    ): Promise<{ turns: [string, unknown][][]; text: string }> {
      const input: unknown[] = [{ role: 'user', content: 'Book 2 seats on a flight to Tokyo.' }];
      const turns: [string, unknown][][] = [];
      for (let turn = 0; turn < 8; turn++) {
        const response = await ask({ ...body, input, reasoning: { effort: 'none' } });
        const calls = response.output.filter(
          (item): item is WireFunctionCall => item.type === 'function_call',
        );
        if (calls.length === 0) return { turns, text: response.output_text };
        turns.push(calls.map((call) => [call.name, JSON.parse(call.arguments)]));
        input.push(...calls);
        for (const call of calls)
          input.push({
            type: 'function_call_output',
            call_id: call.call_id,
            output: outputs[call.name] ?? 'ok',
          });
      }
      throw new Error('the demo model never answered');
    }

    it('calls tools in the order the instructions name them, one per turn, submit last and alone', async () => {
      const { turns, text } = await loop({
        instructions: 'First call search_flights, then book_flight with the chosen flight, then submit.',
        tools: flights,
      });
      expect(turns).toEqual([
        [['search_flights', { destination: 'Tokyo' }]],
        [['book_flight', { flight_id: 'F-101', seats: 2 }]],
        [['submit', { answer: expect.stringContaining('CONF-9'), confirmation: 'CONF-9' }]],
      ]);
      expect(text).toMatch(
        /^\(local demo model\) Based on search_flights: .*; book_flight: .*; submit: submitted\./,
      );
    });

    it('without instructions, waits one dependency level for an id another tool produces', async () => {
      const { turns } = await loop({ tools: flights });
      // book_flight needs a flight id, which only search_flights produces; submit comes last anyway.
      expect(turns.map((calls) => calls.map(([name]) => name))).toEqual([
        ['search_flights'],
        ['book_flight'],
        ['submit'],
      ]);
      expect(turns[1]?.[0]?.[1]).toEqual({ flight_id: 'F-101', seats: 2 });
    });

    it('reads the order from a system message too, and calls independent unnamed tools together', async () => {
      const independent = [
        ...tools,
        {
          type: 'function',
          name: 'lookup_city',
          description: 'City facts',
          parameters: z.toJSONSchema(weather),
        },
      ];
      const response = await ask({
        input: [{ role: 'system', content: 'Always call lookup_city before anything else.' }, user],
        tools: independent,
        reasoning: { effort: 'none' },
      });
      expect(response.output.map((item) => (item as WireFunctionCall).name)).toEqual(['lookup_city']);
      const unnamed = await ask({ input: [user], tools: independent, reasoning: { effort: 'none' } });
      expect(unnamed.output.map((item) => (item as WireFunctionCall).name)).toEqual([
        'get_weather',
        'get_time',
        'lookup_city',
      ]);
    });
  });
});
