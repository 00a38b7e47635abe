// docs/runner.md: a tool, an agent, a run.
// #region docs
import { createClient } from '@mimo-agents/core';
import { type Agent, run } from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 18 }),
});

const client = createClient(); // MIMO_API_KEY, MIMO_BASE_URL
const agent: Agent = {
  name: 'weather',
  model: 'mimo-v2.6-pro',
  instructions: 'Be brief.',
  tools: [getWeather],
};

const result = await run({ client, agent, input: 'Weather in Paris?', maxTurns: 8 });
result.finalOutput; // the answer
result.history; // exactly what to resend, plus new input, for a follow-up
result.usage; // summed over turns: requests, input/cached/output/reasoning tokens
result.turns; // per turn: usage, durationMs, retries, tool calls with outcomes
// #endregion docs

console.log(`${result.turns.length} turns: ${result.finalOutput}`);
await client.close();
