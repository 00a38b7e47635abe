import type { ToolApprovalRequest } from '../approvals/tool-approval-request.js';
import type { TurnCompletedEvent } from '../events.js';
import type { OutputIssue } from '../output/structured-output-error.js';
import type { RunResult, TurnRecord } from '../run-result.js';

/**
 * What happens after one step of the loop, decided in one place (`decideBeforeTurn` / `decideAfterTurn`, run by `drive`) and applied in one
 * place (`applyDecision`, an exhaustive `switch`). Every case but `tool-turn` ends the run. A new way
 * out (an approval pause, a structured-output repair turn, a handoff) is one more member here, one
 * more branch in those, and one more `case` in `applyDecision`: the compiler lists the rest.
 */
export type LoopDecision =
  /**
   * The model answered without calling a tool: the run completes. `output` holds the validated object
   * of a structured-output run; `completed` is absent for a saved answer validated on resume.
   */
  | {
      type: 'final-answer';
      turn: TurnRecord;
      completed: TurnCompletedEvent | undefined;
      output?: { value: unknown };
    }
  /** A structured answer did not fit `agent.output` and repairs are left: ask again, quoting the issues. */
  | { type: 'repair'; turn: TurnRecord; completed: TurnCompletedEvent | undefined; issues: OutputIssue[] }
  /** A structured answer did not fit and no repair is left: the run fails with `StructuredOutputError`. */
  | {
      type: 'output-invalid';
      turn: TurnRecord;
      completed: TurnCompletedEvent | undefined;
      issues: OutputIssue[];
      partial: unknown;
    }
  /** The turn was cut off (`max_output_tokens`, `content_filter`): its calls are answered, never run. */
  | { type: 'incomplete'; turn: TurnRecord; completed: TurnCompletedEvent }
  /**
   * The turn called tools: run them, then decide again. `completed` is absent for a turn restored
   * from a saved state (its `turn.completed` was reported by the run that streamed it).
   */
  | { type: 'tool-turn'; turn: TurnRecord | undefined; completed: TurnCompletedEvent | undefined }
  /**
   * Calls of the pending turn wait for a person (the turn's other calls have run): the run ends
   * `interrupted` with these, the state saved first; `resume({ decisions })` continues it.
   */
  | { type: 'interrupt'; interruptions: ToolApprovalRequest[] }
  /** A `stopWhen` predicate held after this tool turn. */
  | { type: 'stop-condition'; turn: TurnRecord }
  /**
   * `maxTurns` reached. `completed` is set when the tool-less final-answer turn still called tools:
   * its calls are answered without running, then the limit is reported.
   */
  | { type: 'turn-limit'; completed: TurnCompletedEvent | undefined }
  /** The run's signal fired: unfinished calls get a cancelled output; the state stays resumable. */
  | { type: 'abort'; reason: unknown }
  /** Anything else went wrong (the request, a checkpoint save): the error is rethrown as it is. */
  | { type: 'failure'; error: unknown };

/** What applying a decision leads to: another step, a result, or the error the run ends with. */
export type LoopOutcome =
  | { type: 'next' }
  | { type: 'result'; result: RunResult<unknown> }
  | { type: 'error'; error: unknown };

/** The decision for an error thrown while deciding or applying: an abort when the run's signal fired. */
export function decisionForError(signal: AbortSignal, error: unknown): LoopDecision {
  return signal.aborted ? { type: 'abort', reason: signal.reason ?? error } : { type: 'failure', error };
}
