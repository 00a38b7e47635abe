import type { RunEvent } from '../events.js';
import type { RunResult } from '../run-result.js';
import { emptyUsage } from '../usage.js';

/** A finished run's result with nothing in it, for `RunStream` tests that only care that it arrives. */
export const emptyCompletedResult: RunResult = {
  runId: 'r',
  status: 'completed',
  finalOutput: 'done',
  history: [],
  newItems: [],
  turns: [],
  usage: emptyUsage(),
  responses: [],
};

/** A `turn.started` event for turn `n`: a small event whose number tells where it came in the order. */
export function turnStarted(n: number): RunEvent {
  return { type: 'turn.started', turn: n, attempt: 1, toolsDisabled: false };
}
