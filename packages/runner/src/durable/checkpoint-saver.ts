import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import type { RunEvent } from '../events.js';
import type { LoopOptions } from '../loop/run-from-state.js';
import type { RunState } from '../run-state.js';

/** Options of `checkpointSaver`. */
export interface CheckpointSaverOptions {
  store: CheckpointStore<RunState>;
  emit: (event: RunEvent) => void;
}

/**
 * An `onStep` that saves the run state to `store` and then emits `checkpoint.saved`. The loop awaits it,
 * so nothing that depends on a step (a tool, the next request) starts before the step is durable. The
 * store gets a private copy: it may keep it or serialise it later without seeing later changes.
 */
export function checkpointSaver(options: CheckpointSaverOptions): NonNullable<LoopOptions['onStep']> {
  const { store, emit } = options;
  return async (state, info) => {
    // Numbered before the save so the saved state carries its own number (a resume continues from it).
    const seq = (state.checkpointSeq ?? 0) + 1;
    state.checkpointSeq = seq;
    await store.save(state.runId, structuredClone(state));
    const event: RunEvent = {
      type: 'checkpoint.saved',
      runId: state.runId,
      step: info.step,
      seq,
      turn: state.turns.length,
    };
    if (info.callId !== undefined) event.callId = info.callId;
    emit(event);
  };
}
