import { ConfigError, HistoryValidationError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { run, streamRunFromState } from './run.js';
import { createRunState, type RunState } from './run-state.js';
import { countingTools } from './test-support/counting-tools.js';
import { sentInputs, startHarness } from './test-support/harness.js';

describe('run state and resume', () => {
  it('finishes a pending tool turn from a saved state without re-running a call that has an outcome', async () => {
    const { server, client } = await startHarness();
    const { tools, executions, contexts } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    const state = createRunState({ runId: 'run-1', agent, input: [{ role: 'user', content: 'Paris?' }] });
    state.history.push(
      { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', call_id: 'call_b', name: 'local_time', arguments: '{"city":"Paris"}' },
    );
    state.pending = {
      turn: 1,
      calls: [
        {
          callId: 'call_a',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
          outcome: 'ok',
          output: '{"recorded":true}',
          durationMs: 1,
        },
        // Started once before the process died: it runs again as attempt 2, with the same idempotency key.
        { callId: 'call_b', name: 'local_time', arguments: '{"city":"Paris"}', attempts: 1 },
      ],
    };
    state.turns.push({
      turn: 1,
      responseId: 'resp_0',
      status: 'completed',
      text: '',
      toolCalls: state.pending.calls.map((call) => ({ ...call })),
      usage: {
        requests: 1,
        inputTokens: 10,
        cachedTokens: 0,
        outputTokens: 5,
        reasoningTokens: 0,
        totalTokens: 15,
      },
      durationMs: 5,
      retries: 0,
    });
    state.usage = { ...(state.turns[0]?.usage ?? state.usage) };
    // A checkpoint is plain JSON: resume from a round-tripped copy.
    const saved = JSON.parse(JSON.stringify(state)) as RunState;
    server.reply.text('Clear and noon.');
    const steps: string[] = [];
    const stream = streamRunFromState(saved, {
      client,
      agent,
      onStep: (current) => {
        steps.push(JSON.stringify(current));
      },
    });
    const result = await stream.finalResult();
    expect(Object.fromEntries(executions)).toEqual({ call_b: 1 });
    expect(contexts.get('call_b')).toEqual({ attempt: 2, idempotencyKey: 'run-1:call_b' });
    expect(result.runId).toBe('run-1');
    expect(result.finalOutput).toBe('Clear and noon.');
    expect(sentInputs(server)[0]).toEqual([
      { role: 'user', content: 'Paris?' },
      { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', call_id: 'call_b', name: 'local_time', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_a', output: '{"recorded":true}' },
      { type: 'function_call_output', call_id: 'call_b', output: expect.stringContaining('"time"') },
    ]);
    expect(result.turns).toHaveLength(2);
    expect(result.usage.requests).toBe(2);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect((JSON.parse(steps.at(-1) ?? '{}') as RunState).status).toBe('completed');
  });

  it('refuses an invalid input history before sending anything, naming the item index', async () => {
    const { server, client } = await startHarness();
    const error = await run({
      client,
      agent: { name: 'w', model: 'mimo-v2.6-pro' },
      input: [
        { role: 'user', content: 'hi' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryValidationError);
    expect((error as HistoryValidationError).index).toBe(1);
    expect(server.calls).toHaveLength(0);
  });

  it('refuses a bad maxTurns with a ConfigError naming the field', async () => {
    const { client } = await startHarness();
    const error = await run({ client, agent: { name: 'w', model: 'm' }, input: 'x', maxTurns: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('maxTurns');
  });
});
