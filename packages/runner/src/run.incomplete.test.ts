import { validateHistory } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { run, streamRun } from './run.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, startHarness } from './test-support/harness.js';

describe('a turn that ends incomplete (max_output_tokens, content_filter)', () => {
  it('reports an incomplete turn, never as a final answer, and never runs a call cut off inside it', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    server.reply.incomplete({
      reasoning: 'Long thought',
      cutFunctionCall: { name: 'get_weather', arguments: '{"ci' },
    });
    const stream = streamRun({
      client,
      agent: { name: 'w', model: 'mimo-v2.6-pro', tools },
      input: 'Weather?',
    });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(result.status).toBe('incomplete');
    expect(result.incompleteReason).toBe('max_output_tokens');
    expect(result.finalOutput).toBeUndefined();
    expect(executions.size).toBe(0);
    expect(events.some((event) => event.type === 'tool.called')).toBe(false);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'turn.completed',
        status: 'incomplete',
        incompleteReason: 'max_output_tokens',
      }),
    );
    expect(() => validateHistory(result.history)).not.toThrow();
    expect(result.history.some((item) => item.type === 'function_call')).toBe(false);
  });

  it('answers a complete call of an incomplete turn with "Not executed" instead of running it', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    server.reply.spec({
      type: 'output',
      status: 'incomplete',
      incompleteReason: 'max_output_tokens',
      items: [
        { type: 'reasoning', text: 'Two calls.' },
        { type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}', callId: 'call_ok' },
        {
          type: 'function_call',
          name: 'local_time',
          arguments: '{"ci',
          callId: 'call_cut',
          status: 'incomplete',
        },
      ],
    });
    server.reply.text('Paris is clear.');
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    const first = await run({ client, agent, input: 'Paris?' });
    expect(first.status).toBe('incomplete');
    expect(executions.size).toBe(0);
    expect(first.turns[0]?.toolCalls).toMatchObject([
      { callId: 'call_ok', outcome: 'error', errorKind: 'not_run' },
    ]);
    expect(
      first.history
        .filter((item) => item.type === 'function_call')
        .map((item) => item.type === 'function_call' && item.call_id),
    ).toEqual(['call_ok']);
    expect(first.history.at(-1)).toMatchObject({
      type: 'function_call_output',
      call_id: 'call_ok',
      output: expect.stringMatching(/^Not executed/),
    });
    // The history is accepted by the (strict) server in a follow-up run.
    const second = await run({
      client,
      agent,
      input: [...first.history, { role: 'user', content: 'Try again, briefly.' }],
    });
    expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
    expect(second.finalOutput).toBe('Paris is clear.');
  });
});
