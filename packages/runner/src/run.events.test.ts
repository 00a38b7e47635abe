import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { RunAbortedError } from './errors/run-aborted-error.js';
import type { RunEvent } from './events.js';
import { streamRun } from './run.js';
import { startHarness } from './test-support/harness.js';

describe('events a UI can use', () => {
  it('turn.completed.toolCalls lists the calls the turn asked for, as result.turns[i].toolCalls does', async () => {
    const { server, client } = await startHarness();
    const echo = tool({
      name: 'echo',
      description: 'Echo',
      parameters: z.object({ text: z.string() }),
      execute: ({ text }) => text,
    });
    const agent: Agent = { name: 'e', model: 'mimo-v2.6-pro', tools: [echo] };
    server.reply.functionCalls([
      { name: 'echo', arguments: { text: 'a' } },
      { name: 'echo', arguments: { text: 'b' } },
    ]);
    server.reply.text('done');
    const stream = streamRun({ client, agent, input: 'go' });
    const completed: Extract<RunEvent, { type: 'turn.completed' }>[] = [];
    for await (const event of stream) if (event.type === 'turn.completed') completed.push(event);
    const result = await stream.finalResult();
    expect(completed).toHaveLength(2);
    const asked = completed[0]?.toolCalls;
    expect(Array.isArray(asked)).toBe(true);
    expect(asked).toEqual(
      result.turns[0]?.toolCalls.map(({ callId, name, arguments: args }) => ({
        callId,
        name,
        arguments: args,
      })),
    );
    expect(asked?.map((call) => JSON.parse(call.arguments))).toEqual([{ text: 'a' }, { text: 'b' }]);
    // Asked before they ran: the event carries no outcome.
    expect(asked?.[0]).not.toHaveProperty('outcome');
    expect(completed[1]?.toolCalls).toEqual([]);
  });

  it('a run cancelled in its first turn reports the request it sent', async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 1, eventDelayMs: 10 } });
    server.reply.text('A long answer that will not be read to its end.');
    const stream = streamRun({ client, agent: { name: 'w', model: 'mimo-v2.6-pro' }, input: 'Hi' });
    for await (const event of stream) if (event.type === 'text.delta') break;
    const error = await stream.finalResult().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunAbortedError);
    expect(server.calls).toHaveLength(1);
    expect((error as RunAbortedError).partialResult.usage.requests).toBe(1);
  });
});
