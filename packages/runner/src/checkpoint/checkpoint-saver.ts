import { isMimoError } from '@mimo-agents/core';
import type { RunEvent } from '../events.js';
import type { StepInfo } from '../loop/run-from-state.js';
import { type RunState, savedRunState } from '../run-state.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { CheckpointStoreError } from './checkpoint-store-error.js';
import { compactArguments } from './compact-arguments.js';

/** Options of `checkpointSaver`. */
export interface CheckpointSaverOptions {
  store: CheckpointStore<RunState>;
  emit: (event: RunEvent) => void;
}

/**
 * An `onStep` that saves the run state to `store` and then emits `checkpoint.saved`. The loop awaits it,
 * so nothing that depends on a step (a tool, the next request) starts before the step is durable.
 *
 * Saves of one saver (one run) form a queue: each one copies the state when it is asked for, and the
 * copies reach `store.save` one at a time, in the order they were asked for, whatever the store does
 * with concurrent calls. Once a save fails, the saver refuses every later one with the same error, so
 * no state newer than the failure is ever written. A store error outside the `MimoError` family is
 * wrapped in a `CheckpointStoreError`; `MimoError`s (e.g. a store's own `CheckpointStoreError`) pass as is.
 */
export function checkpointSaver(
  options: CheckpointSaverOptions,
): (state: RunState, step: StepInfo) => Promise<void> {
  const { store, emit } = options;
  let tail: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  return (state, info) => {
    if (failure !== undefined) return Promise.reject(failure.error);
    // Numbered and copied now, so the saved state carries its own number (a resume continues from it)
    // and later changes to the live state cannot reach this save.
    const seq = (state.checkpointSeq ?? 0) + 1;
    state.checkpointSeq = seq;
    const { runId } = state;
    // Each call's arguments are saved once, in the history (restored on resume).
    const copy = compactArguments(structuredClone(savedRunState(state)));
    const turn = state.turns.length;
    const done = tail.then(async () => {
      if (failure !== undefined) throw failure.error;
      try {
        await store.save(runId, copy);
      } catch (error) {
        failure = { error: asStoreError(runId, error) };
        throw failure.error;
      }
      const event: RunEvent = { type: 'checkpoint.saved', runId, step: info.step, seq, turn };
      if (info.callId !== undefined) event.callId = info.callId;
      emit(event);
    });
    tail = done.catch(() => {});
    return done;
  };
}

function asStoreError(runId: string, error: unknown): unknown {
  if (isMimoError(error)) return error;
  return new CheckpointStoreError(
    {
      runId,
      location: 'the checkpoint store',
      operation: 'save',
      fix: 'make the store reachable again, then call resume() to continue from the last saved step.',
    },
    { cause: error },
  );
}
