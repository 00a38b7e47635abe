import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import type { CheckpointStore } from './checkpoint/checkpoint-store.js';
import { streamRunFromState } from './run.js';
import { createRunState, type RunState, savedRunState } from './run-state.js';
import { countingTools } from './test-support/counting-tools.js';
import { startHarness } from './test-support/harness.js';

describe('the pending turn in the run state', () => {
  it('is cleared without delete in the live state, and saved states have no pending key without one', async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }]);
    server.reply.functionCalls([{ name: 'local_time', arguments: { city: 'Paris' } }]);
    server.reply.text('Paris: 15 °C at noon.');
    const saved: { step: string; keys: string[]; json: string }[] = [];
    const store: CheckpointStore<RunState> = {
      save: async (_runId, state) => {
        saved.push({ step: '', keys: Object.keys(state), json: JSON.stringify(state) });
      },
      load: async () => undefined,
      delete: async () => {},
    };
    const live: { step: string; hasKey: boolean; pending: unknown }[] = [];
    let liveState: RunState | undefined;
    const start = createRunState({ runId: 'run-shape', agent, input: [{ role: 'user', content: 'Paris?' }] });
    const result = await streamRunFromState(start, {
      client,
      agent,
      checkpoint: store,
      onStep: (state, { step }) => {
        liveState = state;
        live.push({ step, hasKey: 'pending' in state, pending: state.pending });
      },
    }).finalResult();
    expect(result.status).toBe('completed');
    const steps = live.map((entry) => entry.step);
    for (const [index, entry] of saved.entries()) entry.step = steps[index] ?? '?';
    // While a turn is pending, saved and live states hold it; once committed, the saved ones have no key.
    for (const entry of saved) {
      const pendingNow = entry.step === 'turn' || entry.step.startsWith('tool.');
      expect(entry.keys.includes('pending')).toBe(pendingNow);
      expect(entry.json.includes('"pending"')).toBe(pendingNow);
    }
    expect(saved.filter((entry) => entry.step === 'tools.committed')).toHaveLength(2);
    // The live state keeps the key (undefined) after the first commit: one shape for the rest of the run.
    const committed = live.filter((entry) => entry.step === 'tools.committed');
    expect(committed).toEqual([
      { step: 'tools.committed', hasKey: true, pending: undefined },
      { step: 'tools.committed', hasKey: true, pending: undefined },
    ]);
    expect(liveState !== undefined && 'pending' in liveState).toBe(true);
    expect(Object.keys(liveState === undefined ? {} : savedRunState(liveState))).not.toContain('pending');
  });

  it('has the key from createRunState on (one shape from the start), and no key in the saved or JSON form', () => {
    const state = createRunState({ runId: 'r', agent: { name: 'a', model: 'm' }, input: [] });
    expect('pending' in state).toBe(true);
    expect(state.pending).toBeUndefined();
    expect('pending' in savedRunState(state)).toBe(false);
    expect(JSON.stringify(state)).not.toContain('pending');
  });

  it('savedRunState returns the state itself when it has a pending turn or no key', () => {
    const base = { version: 1, runId: 'r', agent: { name: 'a', model: 'm' }, status: 'running' } as const;
    const state = { ...base, inputLength: 0, history: [], turns: [], usage: {} } as unknown as RunState;
    expect(savedRunState(state)).toBe(state);
    const withPending = { ...state, pending: { turn: 1, calls: [] } };
    expect(savedRunState(withPending)).toBe(withPending);
    const cleared = { ...state, pending: undefined };
    const out = savedRunState(cleared);
    expect(out).not.toBe(cleared);
    expect('pending' in out).toBe(false);
    expect(out).toEqual(state);
  });
});
