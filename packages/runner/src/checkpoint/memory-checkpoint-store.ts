import type { RunState } from '../run-state.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec.js';
import type { CheckpointStore } from './checkpoint-store.js';

/** A checkpoint store in process memory, with a peek at what it holds (for tests and single-process use). */
export interface MemoryCheckpointStore<State = RunState> extends CheckpointStore<State> {
  /** Run ids that have a checkpoint. */
  runIds(): string[];
  /** The encoded envelope stored for a run (to inspect or damage it in tests). */
  raw(runId: string): string | undefined;
  /** Replaces the stored text of a run as is (to simulate a damaged store in tests). */
  setRaw(runId: string, text: string): void;
}

/**
 * A store that keeps encoded checkpoints in a `Map`: every save is serialised and every load decoded,
 * so it checks JSON-ness like the durable stores do and never hands out a shared object.
 * It survives nothing: use it for tests and for runs that only need `resume` inside one process.
 * @example
 * const checkpoint = createMemoryCheckpointStore();
 */
export function createMemoryCheckpointStore<State = RunState>(): MemoryCheckpointStore<State> {
  const entries = new Map<string, string>();
  return {
    async save(runId, state) {
      entries.set(runId, encodeCheckpoint({ runId, state }));
    },
    async load(runId) {
      const text = entries.get(runId);
      if (text === undefined) return undefined;
      return decodeCheckpoint<State>(text, { runId, location: `memory:${runId}` }).state;
    },
    async delete(runId) {
      entries.delete(runId);
    },
    runIds: () => [...entries.keys()],
    raw: (runId) => entries.get(runId),
    setRaw: (runId, text) => {
      entries.set(runId, text);
    },
  };
}
