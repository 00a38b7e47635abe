import type { CheckpointStep } from '../events.js';
import type { TurnRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import type { ResponseLog } from './kept-response.js';
import type { LoopOptions } from './run-from-state.js';

/** One run of the loop: the state it changes, its options, and what the steps tell each other. */
export interface LoopRun {
  state: RunState;
  options: LoopOptions;
  /** The final `Response` of each turn streamed by this run, compact once its turn is recorded (`expandResponses`). */
  responses: ResponseLog;
  /** The state's status when the loop started (a resumed run's last status). */
  resumedFrom: RunState['status'];
  /** A tool turn whose outputs are all in the history and whose stop conditions are not checked yet. */
  stopCheckDue: TurnRecord | undefined;
}

/**
 * What a step's save is when nothing listens (no `onStep`, no checkpoint store): one settled promise
 * shared by every run. Awaiting it still yields once, as awaiting a save does, so the loop's steps keep
 * their order; it only saves the async call (its promise and suspended frame) a save would cost.
 */
const NOTHING_TO_SAVE: Promise<void> = Promise.resolve();

/** Calls `onStep` (the checkpoint save, then the caller's hook) for `step`. */
export function saveStep(run: LoopRun, step: CheckpointStep, callId?: string): Promise<void> {
  const { onStep } = run.options;
  if (onStep === undefined) return NOTHING_TO_SAVE;
  return saveWith(onStep, run.state, step, callId);
}

/** A save with a listener: awaited in an async function, so a throw becomes a rejection. */
async function saveWith(
  onStep: NonNullable<LoopOptions['onStep']>,
  state: RunState,
  step: CheckpointStep,
  callId: string | undefined,
): Promise<void> {
  await onStep(state, callId === undefined ? { step } : { step, callId });
}

/** Runs a save while already failing: its own error must not hide the one being reported. */
export async function saveQuietly(run: LoopRun): Promise<void> {
  try {
    await saveStep(run, 'end');
  } catch {
    // The original error is what the run reports.
  }
}
