import { MimoError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events.js';
import { createRunState, type RunState } from '../run-state.js';
import { reversingStore } from '../test-support/reversing-store.js';
import { checkpointSaver } from './checkpoint-saver.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { CheckpointStoreError } from './checkpoint-store-error.js';

const fresh = (): RunState =>
  createRunState({ runId: 'r-q', agent: { name: 'a', model: 'mimo-v2.6-pro' }, input: [] });

describe('checkpointSaver', () => {
  it('applies concurrent saves one at a time, in request order, each with the state of its request', async () => {
    const { store, applied, maxInFlight } = reversingStore();
    const events: RunEvent[] = [];
    const save = checkpointSaver({ store, emit: (event) => events.push(event) });
    const state = fresh();
    const pending: Promise<void>[] = [];
    for (const output of ['first', 'second', 'third']) {
      state.finalOutput = output;
      pending.push(save(state, { step: 'tool.completed', callId: output }));
    }
    await Promise.all(pending);

    expect(applied.map((saved) => [saved.checkpointSeq, saved.finalOutput])).toEqual([
      [1, 'first'],
      [2, 'second'],
      [3, 'third'],
    ]);
    expect(maxInFlight()).toBe(1);
    expect(events.map((e) => (e.type === 'checkpoint.saved' ? [e.seq, e.callId] : e.type))).toEqual([
      [1, 'first'],
      [2, 'second'],
      [3, 'third'],
    ]);
  });

  it('after a failed save refuses every later one, queued or new, with a CheckpointStoreError', async () => {
    const saved: (number | undefined)[] = [];
    const store: CheckpointStore<RunState> = {
      save: async (_runId, state) => {
        if (state.checkpointSeq === 2) throw new Error('disk gone');
        saved.push(state.checkpointSeq);
      },
      load: async () => undefined,
      delete: async () => {},
    };
    const events: RunEvent[] = [];
    const save = checkpointSaver({ store, emit: (event) => events.push(event) });
    const state = fresh();
    const results = await Promise.allSettled([
      save(state, { step: 'start' }),
      save(state, { step: 'turn' }),
      save(state, { step: 'tool.started', callId: 'c1' }),
    ]);
    const later = await save(state, { step: 'end' }).catch((e: unknown) => e);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    const failure = results[1]?.status === 'rejected' ? results[1].reason : undefined;
    expect(failure).toBeInstanceOf(CheckpointStoreError);
    expect((failure as CheckpointStoreError).message).toContain('"r-q"');
    expect((failure as CheckpointStoreError).message).toContain('disk gone');
    expect((failure as CheckpointStoreError).operation).toBe('save');
    expect(results[2]?.status === 'rejected' ? results[2].reason : undefined).toBe(failure);
    expect(later).toBe(failure);
    expect(saved).toEqual([1]);
    expect(events).toHaveLength(1);
  });

  it("passes a store's own MimoError through unwrapped", async () => {
    const own = new MimoError('checkpoint_fenced', 'lock lost');
    const store: CheckpointStore<RunState> = {
      save: async () => {
        throw own;
      },
      load: async () => undefined,
      delete: async () => {},
    };
    const save = checkpointSaver({ store, emit: () => {} });
    await expect(save(fresh(), { step: 'start' })).rejects.toBe(own);
  });
});
