import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

/** The agent of the structured-output crash test: one tool and a weather object as its answer. */
export function outputCrashAgent() {
  const getWeather = tool({
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => ({ city, tempC: 15 }),
  });
  return {
    name: 'weather',
    model: 'mimo-v2.6-pro',
    tools: [getWeather],
    output: z.object({ city: z.string(), tempC: z.number() }),
  };
}
