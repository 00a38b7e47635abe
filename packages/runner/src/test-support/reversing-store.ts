import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import type { RunState } from '../run-state.js';

/** A store that lets overlapping saves land newest first, and what it did. */
export interface ReversingStore {
  store: CheckpointStore<RunState>;
  /** Every state in the order it was applied (the last one is what `load` returns). */
  applied: RunState[];
  /** The most `save` calls that were ever in flight at once. */
  maxInFlight(): number;
}

/**
 * A store whose n-th `save` takes fewer event-loop turns than the one before, so saves that overlap
 * resolve in reverse order; each state is applied when its save resolves (the last to resolve wins).
 */
export function reversingStore(): ReversingStore {
  const applied: RunState[] = [];
  let calls = 0;
  let inFlight = 0;
  let most = 0;
  const store: CheckpointStore<RunState> = {
    save: async (_runId, state) => {
      calls += 1;
      inFlight += 1;
      most = Math.max(most, inFlight);
      for (let turn = 0; turn < 12 - Math.min(calls, 12); turn += 1) await nextTurn();
      applied.push(state);
      inFlight -= 1;
    },
    load: async () => applied.at(-1),
    delete: async () => {},
  };
  return { store, applied, maxInFlight: () => most };
}
