// The README's quick start. Run: MIMO_API_KEY=… pnpm exec tsx --conditions=@mimo-agents/source examples/quickstart.ts
// #region docs
import { createClient, run, tool } from 'mimo-agents';
import { z } from 'zod';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 18 }),
});

const client = createClient(); // MIMO_API_KEY, MIMO_BASE_URL from the environment
const agent = { name: 'weather', model: 'mimo-v2.6-pro', instructions: 'Be brief.', tools: [getWeather] };
const result = await run({ client, agent, input: 'Weather in Paris?' });
console.log(result.finalOutput);
// #endregion docs

await client.close();
