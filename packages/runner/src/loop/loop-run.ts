import type { Response } from '@mimo-agents/core';
import type { CheckpointStep } from '../events.js';
import type { TurnRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import type { LoopOptions } from './run-from-state.js';

/** One run of the loop: the state it changes, its options, and what the steps tell each other. */
export interface LoopRun {
  state: RunState;
  options: LoopOptions;
  /** The final `Response` of each turn streamed by this run. */
  responses: Response[];
  /** The state's status when the loop started (a resumed run's last status). */
  resumedFrom: RunState['status'];
  /** A tool turn whose outputs are all in the history and whose stop conditions are not checked yet. */
  stopCheckDue: TurnRecord | undefined;
}

/** Calls `onStep` (the checkpoint save, then the caller's hook) for `step`. */
export async function saveStep(run: LoopRun, step: CheckpointStep, callId?: string): Promise<void> {
  await run.options.onStep?.(run.state, callId === undefined ? { step } : { step, callId });
}

/** Runs a save while already failing: its own error must not hide the one being reported. */
export async function saveQuietly(run: LoopRun): Promise<void> {
  try {
    await saveStep(run, 'end');
  } catch {
    // The original error is what the run reports.
  }
}
