import { describe, expect, it } from 'vitest';
import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';
import { CheckpointStateError } from './checkpoint-state-error.js';
import { createMemoryCheckpointStore } from './memory-checkpoint-store.js';

describe('createMemoryCheckpointStore', () => {
  it('saves, loads copies, replaces and deletes', async () => {
    const store = createMemoryCheckpointStore<{ step: number; items: string[] }>();
    expect(await store.load('a')).toBeUndefined();
    const first = { step: 1, items: ['x'] };
    await store.save('a', first);
    first.items.push('changed after save');
    const loaded = await store.load('a');
    expect(loaded).toEqual({ step: 1, items: ['x'] });
    loaded?.items.push('changed after load');
    expect(await store.load('a')).toEqual({ step: 1, items: ['x'] });
    await store.save('a', { step: 2, items: [] });
    await store.save('b', { step: 1, items: [] });
    expect((await store.load('a'))?.step).toBe(2);
    expect(store.runIds().sort()).toEqual(['a', 'b']);
    await store.delete('a');
    await store.delete('never-saved');
    expect(await store.load('a')).toBeUndefined();
    expect(store.runIds()).toEqual(['b']);
  });

  it('stores the encoded envelope and reports a damaged one as corrupt', async () => {
    const store = createMemoryCheckpointStore<unknown>();
    await store.save('run_7', { ok: true });
    const raw = store.raw('run_7') ?? '';
    expect(JSON.parse(raw)).toMatchObject({
      format: 'mimo-agents.run-state',
      runId: 'run_7',
      state: { ok: true },
    });
    store.setRaw('run_7', raw.slice(0, raw.length / 2));
    await expect(store.load('run_7')).rejects.toBeInstanceOf(CheckpointCorruptError);
    await expect(store.load('run_7')).rejects.toThrow(/memory:run_7/);
  });

  it('refuses a state that is not plain JSON and keeps the previous checkpoint', async () => {
    const store = createMemoryCheckpointStore<unknown>();
    await store.save('r', { n: 1 });
    await expect(store.save('r', { n: 2, tool: () => 1 })).rejects.toBeInstanceOf(CheckpointStateError);
    expect(await store.load('r')).toEqual({ n: 1 });
  });
});
