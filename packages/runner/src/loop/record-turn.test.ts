import { describe, expect, it } from 'vitest';
import type { ToolCallRecord, TurnRecord } from '../run-result.js';
import { createRunState, type RunState } from '../run-state.js';
import { emptyUsage } from '../usage.js';
import { commitOutputs } from './record-turn.js';

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
