// Several typed tools on one agent. Run: pnpm exec tsx --conditions=@mimo-agents/source examples/tools.ts
import { type Agent, type MimoClient, type RunResult, run, tool } from 'mimo-agents';
import { z } from 'zod';
import { connect } from './connect.js';

// --- tools ---
/** The weather in a city (a demo value). */
export const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({
    city: z.string().describe('City name, e.g. "Paris"'),
    unit: z.enum(['c', 'f']).optional().describe('Temperature unit (default c)'),
  }),
  execute: async ({ city, unit }) => ({ city, temperature: unit === 'f' ? 64 : 18, unit: unit ?? 'c' }),
});

/** Currency conversion at fixed demo rates. */
export const convertCurrency = tool({
  name: 'convert_currency',
  description: 'Convert an amount between currencies at today’s rate',
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

/** Guide titles for a query (a demo list). */
export const searchGuides = tool({
  name: 'search_guides',
  description: 'Search travel guides; returns matching titles',
  parameters: z.object({ query: z.string(), limit: z.number().int().min(1).max(5).default(3) }),
  // ctx carries the call id, an AbortSignal, an idempotency key and the attempt number.
  execute: async ({ query, limit }, ctx) => {
    ctx.signal.throwIfAborted();
    return [`${query}: a weekend guide`, `${query}: where to eat`, `${query}: museums`].slice(0, limit);
  },
});

/** The agent: plain data, a model, instructions and its tools. */
export const travelAgent: Agent = {
  name: 'travel',
  model: 'mimo-v2.6-pro',
  instructions: `You are MiMo (mimo-v2.6-pro), a travel assistant. Today is ${new Date().toDateString()}. Use the tools.`,
  tools: [getWeather, convertCurrency, searchGuides],
};
// --- end tools ---

/** Options of `main()`. */
export interface ToolsExampleOptions {
  question?: string;
  /** Where the report lines go. Default: `console.log`. */
  print?: (line: string) => void;
}

/** Asks the travel agent one question and prints the tool calls, the answer and the usage. */
export async function main(client: MimoClient, options: ToolsExampleOptions = {}): Promise<RunResult> {
  const { question = 'Weather in Paris, 100 dollars in euros, and a guide?', print = console.log } = options;
  // --- run ---
  const result = await run({ client, agent: travelAgent, input: question, maxTurns: 6 });
  for (const turn of result.turns) {
    for (const call of turn.toolCalls)
      print(`turn ${turn.turn}: ${call.name}(${call.arguments}) → ${call.output}`);
  }
  print(result.finalOutput ?? `(no answer: ${result.status})`);
  print(`${result.turns.length} turns, ${result.usage.totalTokens} tokens`);
  // --- end run ---
  return result;
}

if (import.meta.main) {
  const { client, close } = await connect();
  try {
    await main(client);
  } finally {
    await close();
  }
}
