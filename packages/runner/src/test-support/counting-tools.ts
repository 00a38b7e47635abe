import { type ToolContext, tool } from '@mimo-agents/tools';
import { z } from 'zod';

/** Tools that count their executions per call id (to prove that nothing runs twice). */
export function countingTools() {
  const executions = new Map<string, number>();
  /** The `ctx.attempt` and `ctx.idempotencyKey` of the latest execution of each call. */
  const contexts = new Map<string, { attempt: number; idempotencyKey: string }>();
  const count = (ctx: ToolContext): void => {
    executions.set(ctx.callId, (executions.get(ctx.callId) ?? 0) + 1);
    contexts.set(ctx.callId, { attempt: ctx.attempt, idempotencyKey: ctx.idempotencyKey });
  };
  const getWeather = tool({
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }, ctx) => {
      count(ctx);
      return { city, tempC: city.length + 10, sky: 'clear' };
    },
  });
  const localTime = tool({
    name: 'local_time',
    description: 'Local time in a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }, ctx) => {
      count(ctx);
      return { city, time: '12:00' };
    },
  });
  return { executions, contexts, tools: [getWeather, localTime], getWeather, localTime };
}
