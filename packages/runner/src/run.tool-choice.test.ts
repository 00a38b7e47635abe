import { validateHistory } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { run, streamRun } from './run.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, sentInputs, startHarness } from './test-support/harness.js';

const outputsOf = (items: unknown[] | undefined) =>
  (items ?? []).filter((item) => (item as { type?: string }).type === 'function_call_output');

describe('a call to a tool the turn did not declare is answered, never run', () => {
  it("tool_choice 'none': the call gets a 'not offered' output and the model answers next turn", async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools, modelSettings: { tool_choice: 'none' } };
    // MiMo treats every tool_choice as auto and may call a tool it was not offered.
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_w' }]);
    server.reply.text('I cannot check the weather.');
    const stream = streamRun({ client, agent, input: 'Paris?' });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
    expect(server.calls.map((call) => (call.body as { tools?: unknown }).tools)).toEqual([
      undefined,
      undefined,
    ]);
    expect(executions.size).toBe(0);
    expect(events.some((event) => event.type === 'tool.called')).toBe(false);
    expect(result.turns[0]?.toolCalls).toMatchObject([
      { callId: 'call_w', outcome: 'error', errorKind: 'not_run' },
    ]);
    expect(outputsOf(sentInputs(server)[1])).toEqual([
      {
        type: 'function_call_output',
        call_id: 'call_w',
        output:
          'Not executed: tool get_weather was not offered in this turn (offered: none). Answer without calling tools.',
      },
    ]);
    expect(result.finalOutput).toBe('I cannot check the weather.');
    expect(() => validateHistory(result.history)).not.toThrow();
  });

  it('a named tool_choice: only the named tool runs; the other call of the same turn is answered in call order', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const agent: Agent = {
      name: 'w',
      model: 'mimo-v2.6-pro',
      tools,
      modelSettings: { tool_choice: { type: 'function', name: 'local_time' } },
    };
    server.reply.functionCalls([
      { name: 'get_weather', arguments: { city: 'Rome' }, callId: 'call_w' },
      { name: 'local_time', arguments: { city: 'Rome' }, callId: 'call_t' },
    ]);
    server.reply.text('Noon in Rome.');
    const result = await run({ client, agent, input: 'Rome?' });
    const declared = (server.calls[0]?.body as { tools?: { name: string }[] } | undefined)?.tools;
    expect(declared?.map((tool) => tool.name)).toEqual(['local_time']);
    expect(Object.fromEntries(executions)).toEqual({ call_t: 1 });
    const outputs = outputsOf(sentInputs(server)[1]) as { call_id: string; output: string }[];
    expect(outputs.map((item) => item.call_id)).toEqual(['call_w', 'call_t']);
    expect(outputs[0]?.output).toBe(
      'Not executed: tool get_weather was not offered in this turn (offered: local_time). Call only an offered tool.',
    );
    expect(JSON.parse(outputs[1]?.output ?? '')).toEqual({ city: 'Rome', time: '12:00' });
    expect(result.turns[0]?.toolCalls.map((call) => call.errorKind ?? call.outcome)).toEqual([
      'not_run',
      'ok',
    ]);
    expect(result.finalOutput).toBe('Noon in Rome.');
  });
});
