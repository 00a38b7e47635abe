/**
 * The README demo: a weather agent with three typed tools, streamed text, each tool call shown with
 * its arguments and duration, and a one-line usage summary. Without MIMO_API_KEY it runs against the
 * local MiMo-compatible demo server from @mimo-agents/testing; with it, against MiMo itself.
 *
 * Run: pnpm demo
 */
import { type Agent, createClient, formatUsage, isMimoError, streamRun, tool } from 'mimo-agents';
import { startTestServer } from 'mimo-agents/testing';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({
    city: z.string().describe('City name, e.g. Paris'),
    unit: z.enum(['c', 'f']).optional(),
  }),
  execute: async ({ city, unit }) => {
    const tempC = 12 + (city.length % 9);
    return {
      city,
      temperature: unit === 'f' ? Math.round(tempC * 1.8 + 32) : tempC,
      unit: unit ?? 'c',
      sky: 'partly cloudy',
    };
  },
});

const convertCurrency = tool({
  name: 'convert_currency',
  description: 'Convert an amount between currencies at a fixed demo rate',
  parameters: z.object({
    amount: z.number().positive(),
    from: z.enum(['EUR', 'USD', 'CNY']),
    to: z.enum(['EUR', 'USD', 'CNY']),
  }),
  execute: ({ amount, from, to }) => {
    const perEuro = { EUR: 1, USD: 1.08, CNY: 7.8 } as const;
    return { amount, from, to, result: Math.round((amount / perEuro[from]) * perEuro[to] * 100) / 100 };
  },
});

const localTime = tool({
  name: 'local_time',
  description: 'Local time in a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, time: new Date().toISOString().slice(11, 16), zone: 'UTC' }),
});

const useLocal = process.env.MIMO_API_KEY === undefined || process.env.MIMO_API_KEY === '';
const server = useLocal ? await startTestServer() : undefined;
const client =
  server === undefined ? createClient() : createClient({ baseURL: server.url, apiKey: server.apiKey });
console.log(
  server === undefined
    ? `Using MiMo at ${process.env.MIMO_BASE_URL ?? 'https://api.xiaomimimo.com/v1'}`
    : 'Using the local MiMo-compatible demo server (MIMO_API_KEY is unset)',
);

const agent: Agent = {
  name: 'travel-helper',
  model: process.env.MIMO_MODEL ?? 'mimo-v2.6-pro',
  instructions: `You are MiMo, a concise travel helper. Today is ${new Date().toDateString()}. Use the tools; answer in two sentences.`,
  tools: [getWeather, convertCurrency, localTime],
};
const input =
  'I land tonight with 100 EUR: how many USD is that, and what are the weather and local time in Paris?';
console.log(`> ${input}\n`);

const started = performance.now();
const args = new Map<string, string>();
try {
  const stream = streamRun({ client, agent, input, maxTurns: 6 });
  for await (const event of stream) {
    switch (event.type) {
      case 'tool.called':
        args.set(event.callId, event.arguments);
        break;
      case 'tool.completed': {
        const mark = event.outcome === 'ok' ? '✓' : `✗ ${event.errorKind}`;
        console.log(`  ${mark} ${event.name} ${args.get(event.callId) ?? ''} (${event.durationMs} ms)`);
        break;
      }
      case 'turn.retried':
        console.log(`  … turn ${event.turn} resent (${event.reason})`);
        break;
      case 'text.delta':
        process.stdout.write(event.delta);
        break;
      default:
        break;
    }
  }
  const result = await stream.finalResult();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n\n${result.turns.length} turns · ${formatUsage(result.usage)} · ${seconds} s`);
} catch (error) {
  // Our errors carry a message that names the cause and the fix: show that, not a stack trace.
  if (!isMimoError(error)) throw error;
  console.error(`\n${error.name} (${error.code}): ${error.message}`);
  process.exitCode = 1;
} finally {
  await client.close();
  await server?.close();
}
