import type { Response } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { ToolCallRecord, TurnRecord } from '../run-result.js';
import { createRunState, type RunState } from '../run-state.js';
import type { StreamedTurn } from '../turn/stream-turn.js';
import { emptyUsage } from '../usage.js';
import { commitOutputs, recordTurn } from './record-turn.js';

/** A state whose turn 1 called two tools, both answered, the record and `pending` sharing `calls`. */
function answeredTurn(): { state: RunState; calls: ToolCallRecord[] } {
  const state = createRunState({ runId: 'run-1', agent: { name: 'a', model: 'm' }, input: [] });
  const calls: ToolCallRecord[] = [
    { callId: 'c1', name: 'x', arguments: '{}', attempts: 1, outcome: 'ok', output: 'one', durationMs: 1 },
    { callId: 'c2', name: 'y', arguments: '{}', attempts: 1, outcome: 'ok', output: 'two', durationMs: 2 },
  ];
  const record: TurnRecord = {
    turn: 1,
    responseId: 'r1',
    status: 'completed',
    text: '',
    toolCalls: calls,
    usage: emptyUsage(),
    durationMs: 3,
    retries: 0,
    requestRetries: 0,
  };
  state.turns = [record];
  state.pending = { turn: 1, calls };
  return { state, calls };
}

describe('commitOutputs', () => {
  it('appends one output per call in order and clears pending', () => {
    const { state } = answeredTurn();
    commitOutputs(state);
    expect(state.history).toEqual([
      { type: 'function_call_output', call_id: 'c1', output: 'one' },
      { type: 'function_call_output', call_id: 'c2', output: 'two' },
    ]);
    expect(state.pending).toBeUndefined();
  });

  it('keeps the calls the record already shares with pending (no copy)', () => {
    const { state, calls } = answeredTurn();
    commitOutputs(state);
    expect(state.turns[0]?.toolCalls).toBe(calls);
  });

  it('copies the outcomes into the record when the two are separate (a state read back from JSON)', () => {
    const { state: live } = answeredTurn();
    const state = JSON.parse(JSON.stringify(live)) as RunState;
    const pendingCalls = state.pending?.calls ?? [];
    // Recorded after the state was read back (a resumed run): only `pending` has it.
    Object.assign(pendingCalls[1] as ToolCallRecord, { output: 'two, resumed', attempts: 2 });
    commitOutputs(state);
    const toolCalls = state.turns[0]?.toolCalls ?? [];
    expect(toolCalls).toEqual(pendingCalls);
    expect(toolCalls[0]).not.toBe(pendingCalls[0]);
    expect(toolCalls.map((call) => call.output)).toEqual(['one', 'two, resumed']);
  });
});

/** A text turn whose response counted `input` and `output` tokens. */
function textTurn(id: string, input: number, output: number): StreamedTurn {
  const usage = { input_tokens: input, output_tokens: output, total_tokens: input + output };
  const response = { id, object: 'response', status: 'completed', output: [], usage } as unknown as Response;
  const items = [
    {
      type: 'message' as const,
      id: `m_${id}`,
      status: 'completed' as const,
      role: 'assistant' as const,
      content: [{ type: 'output_text' as const, text: 'ok', annotations: [] }],
    },
  ];
  return {
    response,
    status: 'completed',
    items,
    calls: [],
    cutCalls: [],
    otherItems: [],
    durationMs: 1,
    retries: 0,
    requestRetries: 0,
  };
}

describe('recordTurn', () => {
  it("sums the run's usage turn by turn; the first turn's usage stays that turn's", () => {
    const state = createRunState({ runId: 'run-1', agent: { name: 'a', model: 'm' }, input: [] });
    const first = recordTurn(state, 1, textTurn('r1', 10, 5));
    expect(state.usage).toEqual({
      ...emptyUsage(),
      requests: 1,
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
    });
    const second = recordTurn(state, 2, textTurn('r2', 20, 7));
    expect(state.usage).toEqual({
      ...emptyUsage(),
      requests: 2,
      inputTokens: 30,
      outputTokens: 12,
      totalTokens: 42,
    });
    expect(first.usage).toEqual({
      ...emptyUsage(),
      requests: 1,
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
    });
    expect(second.usage).toEqual({
      ...emptyUsage(),
      requests: 1,
      inputTokens: 20,
      outputTokens: 7,
      totalTokens: 27,
    });
    expect(Object.keys(state.usage)).toEqual(Object.keys(emptyUsage()));
  });

  it('adds to a total already counted (a cancelled request) as before', () => {
    const state = createRunState({ runId: 'run-1', agent: { name: 'a', model: 'm' }, input: [] });
    state.usage = { ...emptyUsage(), requests: 1 };
    const record = recordTurn(state, 1, textTurn('r1', 10, 5));
    expect(state.usage).toEqual({
      ...emptyUsage(),
      requests: 2,
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
    });
    expect(state.usage).not.toBe(record.usage);
  });
});
