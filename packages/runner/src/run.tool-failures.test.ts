import { validateHistory } from '@mimo-agents/core';
import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { streamRun } from './run.js';
import { drain, sentInputs, startHarness } from './test-support/harness.js';

describe('tool failures become outputs the model can read and react to', () => {
  it('recovers from a throw, a timeout, invalid arguments and an unknown tool on the next turn', async () => {
    const { server, client } = await startHarness();
    let timedOutSignal: AbortSignal | undefined;
    let weatherRuns = 0;
    const tools = [
      tool({
        name: 'explode',
        description: 'Always fails',
        parameters: z.object({}),
        execute: () => {
          throw new Error('kaboom');
        },
      }),
      tool({
        name: 'slow',
        description: 'Never answers in time',
        parameters: z.object({}),
        timeoutMs: 30,
        execute: (_args, ctx) => {
          timedOutSignal = ctx.signal;
          return new Promise((resolve) =>
            ctx.signal.addEventListener('abort', () => resolve('late'), { once: true }),
          );
        },
      }),
      tool({
        name: 'get_weather',
        description: 'Weather',
        parameters: z.object({ city: z.string() }),
        execute: ({ city }) => {
          weatherRuns += 1;
          return { city, tempC: 15 };
        },
      }),
    ];
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    server.reply.functionCalls([
      { name: 'explode', arguments: {} },
      { name: 'slow', arguments: {} },
      { name: 'get_weather', arguments: { city: 42 } },
      { name: 'teleport', arguments: { to: 'Mars' } },
    ]);
    // The "model" reads the four error outputs and fixes its call.
    let outputsSeen: string[] = [];
    server.reply.with((request) => {
      const input = Array.isArray(request.input) ? request.input : [];
      outputsSeen = input.flatMap((item) =>
        item.type === 'function_call_output' ? [String(item.output)] : [],
      );
      return {
        type: 'output',
        items: [{ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      };
    });
    server.reply.text('Paris is at 15 °C.');

    const stream = streamRun({ client, agent, input: 'Weather?' });
    const events = await drain(stream);
    const result = await stream.finalResult();

    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
    expect(outputsSeen).toHaveLength(4);
    expect(outputsSeen[0]).toMatch(/kaboom/);
    expect(outputsSeen[1]).toMatch(/timed out after 30 ms/);
    expect(outputsSeen[2]).toMatch(/city/);
    expect(outputsSeen[3]).toMatch(/unknown tool "teleport".*explode, slow, get_weather/);
    expect(timedOutSignal?.aborted).toBe(true);
    const kinds = events.flatMap((event) =>
      event.type === 'tool.completed' ? [event.errorKind ?? event.outcome] : [],
    );
    // Events come in completion order; the records keep call order.
    expect(kinds.toSorted()).toEqual(['invalid_arguments', 'ok', 'thrown', 'timeout', 'unknown_tool']);
    expect(result.turns[0]?.toolCalls.map((call) => call.errorKind)).toEqual([
      'thrown',
      'timeout',
      'invalid_arguments',
      'unknown_tool',
    ]);
    expect(weatherRuns).toBe(1);
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('Paris is at 15 °C.');
    expect(result.turns[0]?.toolCalls.map((call) => call.outcome)).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
    expect(() => validateHistory(result.history)).not.toThrow();
    expect(sentInputs(server)[2]).toEqual(result.history.slice(0, -1));
  });
});
