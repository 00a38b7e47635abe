// docs/tools.md: a typed tool with a zod schema and a timeout.
// #region docs
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

export const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({
    city: z.string().describe('City name, e.g. "Paris"'),
    unit: z.enum(['c', 'f']).optional(),
    days: z.number().int().min(1).max(7).default(1),
  }),
  timeoutMs: 10_000,
  execute: async ({ city, unit, days }, ctx) => {
    // args are typed from the schema: { city: string; unit?: 'c' | 'f'; days: number }
    const res = await fetch(`https://weather.example/${city}?days=${days}`, { signal: ctx.signal });
    return { city, unit: unit ?? 'c', forecast: await res.json() };
  },
});
// #endregion docs
