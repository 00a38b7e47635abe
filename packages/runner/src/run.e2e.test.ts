import type { InputItem } from '@mimo-agents/core';
import type { ReplySpec } from '@mimo-agents/testing';
import { createToolRegistry, tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { buildRequest } from './build-request.js';
import { normalizeInput } from './history/normalize-input.js';
import { validateHistory } from './history/validate-history.js';
import { run, streamRun } from './run.js';
import { hasToolCall } from './stop-conditions.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, sentInputs, startHarness } from './test-support/harness.js';
import { multiByteSplits } from './test-support/multi-byte-splits.js';

const calls = (city: string) => [
  { name: 'get_weather', arguments: { city } },
  { name: 'local_time', arguments: { city } },
];

describe('run() end to end against the strict local MiMo server', () => {
  it('runs three turns of two parallel calls with reasoning, resending a valid history each time', async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 3 } });
    const { tools, executions, contexts } = countingTools();
    const agent: Agent = { name: 'weather', model: 'mimo-v2.5-pro', instructions: 'Be brief.', tools };
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

  it('runs the calls of one turn in parallel, and one at a time when parallel_tool_calls is false', async () => {
    for (const parallel of [true, false]) {
      const { server, client } = await startHarness();
      let active = 0;
      let peak = 0;
      let release: () => void = () => {};
      const bothStarted = new Promise<void>((resolve) => {
        release = resolve;
      });
      const slow = tool({
        name: 'slow',
        description: 'Waits until two calls run at once (or 200 ms)',
        parameters: z.object({ n: z.number() }),
        execute: async () => {
          active += 1;
          peak = Math.max(peak, active);
          if (active === 2) release();
          await Promise.race([bothStarted, new Promise((resolve) => setTimeout(resolve, 200))]);
          active -= 1;
          return 'ok';
        },
      });
      const agent: Agent = {
        name: 'p',
        model: 'mimo-v2.5-pro',
        tools: [slow],
        modelSettings: { parallel_tool_calls: parallel },
      };
      server.reply.functionCalls([
        { name: 'slow', arguments: { n: 1 } },
        { name: 'slow', arguments: { n: 2 } },
      ]);
      server.reply.text('done');
      const result = await run({ client, agent, input: 'go' });
      expect(result.finalOutput).toBe('done');
      expect(peak).toBe(parallel ? 2 : 1);
      const body = server.calls[0]?.body as { parallel_tool_calls?: boolean } | undefined;
      expect(body?.parallel_tool_calls).toBe(parallel);
    }
  });

  it('survives one-character deltas and frames split inside multi-byte characters', async () => {
    const city = 'Zürich 東京 🌧️';
    const answer = 'Température à Zürich : 12 °C 🌧️, 東京は晴れ.';
    const seen: string[] = [];
    const echo = tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: z.object({ city: z.string() }),
      execute: ({ city: got }) => {
        seen.push(got);
        return { city: got, tempC: 12 };
      },
    });
    const agent: Agent = { name: 'w', model: 'mimo-v2.5-pro', tools: [echo] };
    const replies: ReplySpec[] = [
      {
        type: 'output',
        items: [
          { type: 'reasoning', text: 'Über das Wetter 🤔' },
          { type: 'function_call', name: 'get_weather', arguments: JSON.stringify({ city }) },
        ],
      },
      { type: 'output', items: [{ type: 'message', text: answer }] },
    ];
    const probeBody = buildRequest({
      agent,
      history: normalizeInput({ input: city }),
      registry: createToolRegistry([echo]),
    });
    const splits = await multiByteSplits(replies, probeBody);
    const { server, client } = await startHarness({ streaming: { deltaSize: 1 } });
    replies.forEach((reply, i) => {
      server.reply.spec({ ...reply, streaming: { deltaSize: 1, splitAt: splits[i] ?? [] } });
    });
    expect(splits.every((list) => list.length >= 10)).toBe(true);
    const stream = streamRun({ client, agent, input: city });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(seen).toEqual([city]);
    expect(result.finalOutput).toBe(answer);
    const argDeltas = events.filter((event) => event.type === 'tool.arguments.delta');
    expect(argDeltas.length).toBe(Array.from(JSON.stringify({ city })).length);
    expect(argDeltas.at(-1)).toMatchObject({ snapshot: JSON.stringify({ city }) });
    expect(events.some((event) => event.type === 'tool.arguments.mismatch')).toBe(false);
    const reasoning = events
      .flatMap((event) => (event.type === 'reasoning.delta' ? [event.delta] : []))
      .join('');
    expect(reasoning).toBe('Über das Wetter 🤔');
  });

  it('continues a conversation: a follow-up run on the previous history', async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const agent: Agent = { name: 'weather', model: 'mimo-v2.5-pro', tools };
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

  it('reports an incomplete turn, never as a final answer, and never runs a call cut off inside it', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    server.reply.incomplete({
      reasoning: 'Long thought',
      cutFunctionCall: { name: 'get_weather', arguments: '{"ci' },
    });
    const stream = streamRun({
      client,
      agent: { name: 'w', model: 'mimo-v2.5-pro', tools },
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
    const agent: Agent = { name: 'w', model: 'mimo-v2.5-pro', tools };
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

  it('stops on a stopWhen predicate after the tools of that turn ran', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    server.reply.functionCalls(calls('Oslo'));
    const result = await run({
      client,
      agent: { name: 'w', model: 'mimo-v2.5-pro', tools },
      input: 'Oslo?',
      stopWhen: hasToolCall('local_time'),
    });
    expect(result.status).toBe('stopped');
    expect(server.calls).toHaveLength(1);
    expect(executions.size).toBe(2);
    expect(() => validateHistory(result.history)).not.toThrow();
  });
});
