import { RunAbortedError } from '../errors/run-aborted-error.js';
import type { LoopOptions } from '../loop/run-from-state.js';
import { runCompletedEvent, toResult } from '../loop/to-result.js';
import type { RunResult } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { waitingApprovals } from './request-approvals.js';

/**
 * The result of resuming an `interrupted` run that no decision answered: the saved pause as it is, with
 * the same `interruptions`, reported as the run that paused reported it (`tool.approval_requested` per
 * waiting call, then `run.completed`). Nothing is saved, so the pause keeps its `checkpointSeq` and the
 * decisions bound to it (a continuation job's) still fit; nothing is sent or run. A resume whose signal
 * has already fired throws `RunAbortedError` instead (its `partialResult` is that same pause, still saved
 * as it was), as every aborted run does, and reports nothing.
 */
export function unansweredPause(
  state: RunState,
  loop: Pick<LoopOptions, 'emit' | 'price' | 'signal'>,
): RunResult<unknown> {
  const interruptions = waitingApprovals(state);
  if (loop.signal.aborted) {
    const partialResult = toResult(state, [], 'interrupted', loop.price);
    partialResult.interruptions = interruptions;
    // An unfinished run's finalOutput is its text or undefined, never an object.
    throw new RunAbortedError({ partialResult: partialResult as RunResult }, { cause: loop.signal.reason });
  }
  for (const request of interruptions) loop.emit({ type: 'tool.approval_requested', ...request });
  const result = toResult(state, [], 'interrupted', loop.price);
  result.interruptions = interruptions;
  loop.emit(runCompletedEvent(result));
  return result;
}
