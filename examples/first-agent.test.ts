// A new user's first agents, unscripted, against the local server's demo model, imported the way
// the quick start does (`mimo-agents`): a multi-step agent behaves plausibly, and a tool with a
// 1.2M-character output does not break the server.
import { createClient, type MimoClient, run, tool } from 'mimo-agents';
import { startTestServer, type TestServer } from 'mimo-agents/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';

let server: TestServer;
let client: MimoClient;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

it('runs a multi-step agent in the order its instructions give, each step fed by the one before', async () => {
  const searchFlights = tool({
    name: 'search_flights',
    description: 'Flights to a destination',
    parameters: z.object({ destination: z.string() }),
    execute: ({ destination }) => ({
      flights: [{ id: `${destination.slice(0, 3).toUpperCase()}-101`, price: 420 }],
    }),
  });
  const bookFlight = tool({
    name: 'book_flight',
    description: 'Book seats on a flight',
    parameters: z.object({ flight_id: z.string(), seats: z.number().int().min(1).max(9) }),
    execute: ({ flight_id, seats }) => ({ confirmation: `CONF-${flight_id}`, seats }),
  });
  const submit = tool({
    name: 'submit',
    description: 'Submit the final answer',
    parameters: z.object({ answer: z.string() }),
    execute: () => 'submitted',
  });
  const agent = {
    name: 'travel-desk',
    model: 'mimo-v2.6-pro',
    instructions: 'Use search_flights, then book_flight for the cheapest flight, then submit a short answer.',
    tools: [submit, bookFlight, searchFlights],
  };

  const result = await run({ client, agent, input: 'Book 2 seats to Tokyo.' });

  expect(result.status).toBe('completed');
  expect(
    result.turns.map((turn) => turn.toolCalls.map((call) => [call.name, JSON.parse(call.arguments)])),
  ).toEqual([
    [['search_flights', { destination: 'Tokyo' }]],
    [['book_flight', { flight_id: 'TOK-101', seats: 2 }]],
    [['submit', { answer: expect.stringContaining('CONF-TOK-101') }]],
    [],
  ]);
  expect(result.turns.flatMap((turn) => turn.toolCalls).every((call) => call.outcome === 'ok')).toBe(true);
  expect(result.finalOutput).toContain('submit: submitted');
});

it('answers after a tool returned 1.2M characters (the server streams it whole, no 500)', async () => {
  const size = 1_200_000;
  const dump = tool({
    name: 'dump_logs',
    description: 'All the logs',
    parameters: z.object({ query: z.string() }),
    // The output cap (262 144 characters by default) is turned off on purpose: this test is about the server.
    maxOutputChars: Number.POSITIVE_INFINITY,
    execute: () => 'x'.repeat(size),
  });
  const agent = { name: 'logs', model: 'mimo-v2.6-pro', tools: [dump] };

  const result = await run({ client, agent, input: 'Show the logs.' });

  expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
  expect(result.status).toBe('completed');
  expect(result.turns[0]?.toolCalls[0]?.output).toHaveLength(size);
  expect(result.finalOutput).toContain(`dump_logs: ${'x'.repeat(size)}`);
});
