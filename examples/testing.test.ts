// How to test an agent: script the model's replies on a local server, run the agent, assert on the
// result and on what crossed the wire. Real HTTP on 127.0.0.1; nothing is mocked.
import { createClient, type MimoClient, run } from 'mimo-agents';
import { startTestServer, type TestServer } from 'mimo-agents/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { travelAgent } from './tools.js';

// --- setup ---
let server: TestServer;
let client: MimoClient;

beforeEach(async () => {
  server = await startTestServer({ strict: true }); // strict: unknown parameters get a 400, as they may on MiMo
  client = createClient({ baseURL: server.url, apiKey: server.apiKey, retry: { baseDelayMs: 1 } });
});

afterEach(async () => {
  await client.close();
  await server.close();
});
// --- end setup ---

// --- scripted ---
it('calls get_weather for the city, then answers from its output', async () => {
  server.reply
    .functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], {
      reasoning: 'I need the weather.',
    })
    .text('It is 18 °C in Paris.');

  const result = await run({ client, agent: travelAgent, input: 'Weather in Paris?' });

  expect(result.finalOutput).toBe('It is 18 °C in Paris.');
  expect(result.turns[0]?.toolCalls).toMatchObject([{ name: 'get_weather', outcome: 'ok' }]);
  // The second request resent the whole history: the reasoning, the call and exactly one output for it.
  const body = server.calls[1]?.body as { input: { type?: string; output?: string }[] };
  expect(body.input.map((item) => item.type ?? 'message')).toEqual([
    'message',
    'reasoning',
    'function_call',
    'function_call_output',
  ]);
  expect(JSON.parse(body.input[3]?.output ?? '')).toEqual({ city: 'Paris', temperature: 18, unit: 'c' });
});
// --- end scripted ---

// --- invalid arguments ---
it('sends invalid arguments back to the model as an error it can act on', async () => {
  server.reply
    .functionCalls([{ name: 'convert_currency', arguments: { amount: -5, from: 'EUR', to: 'GBP' } }])
    .text('Sorry, I can only convert EUR, USD and CNY.');

  const result = await run({ client, agent: travelAgent, input: '-5 EUR in GBP?' });

  const call = result.turns[0]?.toolCalls[0];
  expect(call).toMatchObject({ outcome: 'error', errorKind: 'invalid_arguments' });
  expect(call?.output).toMatch(/amount/);
  expect(call?.output).toMatch(/to/);
  expect(result.finalOutput).toBe('Sorry, I can only convert EUR, USD and CNY.');
});
// --- end invalid arguments ---

// --- faults ---
it('resends a turn whose stream broke, and runs its tools once', async () => {
  const call = { name: 'get_weather', arguments: { city: 'Oslo' } };
  server.reply
    .functionCalls([call], { fault: { type: 'drop-after-events', events: 4 } }) // the connection dies mid-turn
    .functionCalls([call])
    .text('Cold.');

  const result = await run({ client, agent: travelAgent, input: 'Weather in Oslo?' });

  expect(server.calls[0]?.faults).toMatchObject([{ type: 'drop-after-events' }]); // the fault really fired
  expect(result.turns[0]?.retries).toBe(1);
  expect(result.turns.flatMap((turn) => turn.toolCalls)).toHaveLength(1);
  expect(result.finalOutput).toBe('Cold.');
});
// --- end faults ---
