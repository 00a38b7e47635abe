import type { InputItem } from '@mimo-agents/core';
import { validateHistory } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { run, streamRun } from './run.js';
import { hasToolCall } from './stop-conditions.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, sentInputs, startHarness } from './test-support/harness.js';

const calls = (city: string) => [
  { name: 'get_weather', arguments: { city } },
  { name: 'local_time', arguments: { city } },
];

describe('run() end to end against the strict local MiMo server', () => {
  it('runs three turns of two parallel calls with reasoning, resending a valid history each time', async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 3 } });
    const { tools, executions, contexts } = countingTools();
    const agent: Agent = { name: 'weather', model: 'mimo-v2.6-pro', instructions: 'Be brief.', tools };
    server.reply.functionCalls(calls('Paris'), { reasoning: 'Paris first: weather and time.' });
    server.reply.functionCalls(calls('Rome'), { reasoning: 'Now Rome.' });
    server.reply.functionCalls(calls('Tokyo'), { reasoning: 'Finally Tokyo.' });
    server.reply.text('Paris 15 °C, Rome 14 °C, Tokyo 15 °C; all at noon.', { reasoning: 'Summarise.' });

    const stream = streamRun({ client, agent, input: 'Compare Paris, Rome and Tokyo.' });
    const events = await drain(stream);
    const result = await stream.finalResult();

    // Every request passed the server's validation (MiMo's rules, strict mode).
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200, 200]);
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('Paris 15 °C, Rome 14 °C, Tokyo 15 °C; all at noon.');
    expect(result.turns.map((turn) => turn.toolCalls.length)).toEqual([2, 2, 2, 0]);
    expect(result.turns.flatMap((turn) => turn.toolCalls.map((call) => call.outcome))).toEqual(
      Array(6).fill('ok'),
    );
    expect([...executions.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    for (const [callId, ctx] of contexts)
      expect(ctx).toEqual({ attempt: 1, idempotencyKey: `${result.runId}:${callId}` });

    // The history: input, then per turn reasoning + calls, then one output per call in call order.
    const types = result.history.map((item) => item.type ?? item.role);
    const toolTurn = [
      'reasoning',
      'function_call',
      'function_call',
      'function_call_output',
      'function_call_output',
    ];
    expect(types).toEqual(['user', ...toolTurn, ...toolTurn, ...toolTurn, 'reasoning', 'assistant']);
    expect(() => validateHistory(result.history)).not.toThrow();
    const inputs = sentInputs(server);
    expect(inputs[1]).toEqual(result.history.slice(0, 6));
    expect(inputs[2]).toEqual(result.history.slice(0, 11));
    expect(inputs[3]).toEqual(result.history.slice(0, 16));
    expect(JSON.stringify(inputs)).not.toContain('summary');
    const outputs = result.history.filter((item) => item.type === 'function_call_output');
    const callIds = result.history.flatMap((item) => (item.type === 'function_call' ? [item.call_id] : []));
    expect(outputs.map((item) => item.call_id)).toEqual(callIds);
    expect(result.newItems).toEqual(result.history.slice(1));

    // Usage: per turn and summed; responses kept.
    expect(result.responses).toHaveLength(4);
    expect(result.usage.requests).toBe(4);
    const sum = result.turns.reduce((total, turn) => total + turn.usage.totalTokens, 0);
    expect(result.usage.totalTokens).toBe(sum);
    expect(sum).toBeGreaterThan(0);

    // Events: one of each per call and per turn, JSON-serialisable, ending with run.completed.
    const count = (type: string) => events.filter((event) => event.type === type).length;
    expect(count('turn.started')).toBe(4);
    expect(count('turn.completed')).toBe(4);
    expect(count('tool.called')).toBe(6);
    expect(count('tool.completed')).toBe(6);
    expect(count('reasoning.delta')).toBeGreaterThan(4);
    expect(count('tool.arguments.delta')).toBeGreaterThan(6);
    expect(events.at(-1)).toMatchObject({ type: 'run.completed', status: 'completed', turns: 4 });
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    const text = events.flatMap((event) => (event.type === 'text.delta' ? [event.delta] : [])).join('');
    expect(text).toBe(result.finalOutput);
  });

  it('continues a conversation: a follow-up run on the previous history', async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const agent: Agent = { name: 'weather', model: 'mimo-v2.6-pro', tools };
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], {
      reasoning: 'Weather.',
    });
    server.reply.text('Paris: 15 °C.');
    const first = await run({ client, agent, input: 'Weather in Paris?' });
    server.reply.text('Rome: 14 °C.', { reasoning: 'Compare.' });
    const followUp: InputItem = { role: 'user', content: 'And Rome?' };
    const second = await run({ client, agent, input: [...first.history, followUp] });
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
    expect(sentInputs(server)[2]).toEqual([...first.history, followUp]);
    expect(second.finalOutput).toBe('Rome: 14 °C.');
    expect(second.history.slice(0, first.history.length + 1)).toEqual([...first.history, followUp]);
    expect(second.newItems.map((item) => item.type ?? item.role)).toEqual(['reasoning', 'assistant']);
    // The same with the `history` option.
    server.reply.text('Same again.');
    const third = await run({ client, agent, history: second.history, input: 'Thanks!' });
    expect(sentInputs(server)[3]).toEqual([...second.history, { role: 'user', content: 'Thanks!' }]);
    expect(third.finalOutput).toBe('Same again.');
  });

  it('stops on a stopWhen predicate after the tools of that turn ran', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    server.reply.functionCalls(calls('Oslo'));
    const result = await run({
      client,
      agent: { name: 'w', model: 'mimo-v2.6-pro', tools },
      input: 'Oslo?',
      stopWhen: hasToolCall('local_time'),
    });
    expect(result.status).toBe('stopped');
    expect(server.calls).toHaveLength(1);
    expect(executions.size).toBe(2);
    expect(() => validateHistory(result.history)).not.toThrow();
  });
});
