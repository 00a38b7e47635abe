import { switchAgentAfterHandoff } from '../agents/switch-agent.js';
import { isWaiting } from '../approvals/request-approvals.js';
import { MaxTurnsExceededError } from '../errors/max-turns-exceeded-error.js';
import { RunAbortedError } from '../errors/run-aborted-error.js';
import { savedRunError } from '../errors/saved-run-error.js';
import type { RunEvent } from '../events.js';
import { repairPrompt } from '../output/output-prompts.js';
import { StructuredOutputError } from '../output/structured-output-error.js';
import type { RunResult, RunResultStatus, TurnRecord } from '../run-result.js';
import type { PendingToolTurn } from '../run-state.js';
import { resumedToolTurn } from './decide-next.js';
import type { LoopDecision, LoopOutcome } from './loop-decision.js';
import { type LoopRun, saveQuietly, saveStep } from './loop-run.js';
import { PendingCalls } from './pending-calls.js';
import { commitOutputs, settleUnrun } from './record-turn.js';
import { CANCELLED_OUTPUT, type RunToolCallsOptions } from './run-tool-calls.js';
import { runCompletedEvent, toResult } from './to-result.js';

const NOT_RUN_INCOMPLETE =
  'Not executed: the response was cut off before the turn ended, so this call was not run. Call it again if it is still needed.';
const NOT_RUN_NO_TOOLS =
  'Not executed: tools were disabled for the final answer. Answer with the information you have.';

/** The outcome of a step after which the loop decides again (shared: it carries nothing). */
export const NEXT: LoopOutcome = Object.freeze({ type: 'next' });

/**
 * Applies one `LoopDecision` but a tool turn: the only place the loop sets `state.status`. Every way
 * out saves the state before the event that reports it (told means durable). A throw here (a failed
 * save) is turned into an `abort` or `failure` decision by the caller; those two never throw.
 *
 * A tool turn is applied by `drive` itself, with the helpers below (`toolCallsOptions`,
 * `finishToolCalls`, `stopCheckAfter`): a run spends most of its life in one, and every async function
 * it is suspended in holds all its registers (this `switch` has many).
 */
export async function applyDecision(
  run: LoopRun,
  decision: Exclude<LoopDecision, { type: 'tool-turn' }>,
): Promise<LoopOutcome> {
  const { state, options } = run;
  switch (decision.type) {
    case 'interrupt': {
      state.status = 'interrupted';
      await saveStep(run, 'end');
      for (const request of decision.interruptions)
        options.emit({ type: 'tool.approval_requested', ...request });
      const result = toResult(state, run.responses, 'interrupted', options.price);
      result.interruptions = decision.interruptions;
      options.emit(runCompletedEvent(result));
      return { type: 'result', result };
    }
    case 'final-answer': {
      state.finalOutput = decision.turn.text;
      if (decision.output === undefined) return end(run, 'completed', decision.completed);
      const { value } = decision.output;
      state.output = {
        ...state.output,
        repairs: state.output?.repairs ?? 0,
        checkedTurn: decision.turn.turn,
        value,
      };
      const turn = decision.turn.turn;
      return end(run, 'completed', decision.completed, { type: 'output.completed', turn, output: value });
    }
    case 'repair': {
      const repairs = (state.output?.repairs ?? 0) + 1;
      state.output = { ...state.output, repairs, checkedTurn: decision.turn.turn };
      state.history = state.history.concat({ role: 'user', content: repairPrompt(decision.issues) });
      await saveStep(run, 'turn');
      if (decision.completed !== undefined) options.emit(decision.completed);
      options.emit({
        type: 'output.invalid',
        turn: decision.turn.turn,
        issues: decision.issues,
        repair: repairs,
      });
      return NEXT;
    }
    case 'output-invalid': {
      const repairs = state.output?.repairs ?? 0;
      state.output = { ...state.output, repairs, checkedTurn: decision.turn.turn };
      state.status = 'failed';
      const partialResult = toResult(state, run.responses, 'output_invalid', options.price);
      const { issues, partial } = decision;
      const error = new StructuredOutputError({
        rawText: decision.turn.text,
        issues,
        repairs,
        partialOutput: partial,
        partialResult,
      });
      state.error = savedRunError(error, options.client.redact);
      await saveStep(run, 'end');
      if (decision.completed !== undefined) options.emit(decision.completed);
      options.emit({ type: 'output.invalid', turn: decision.turn.turn, issues: decision.issues, repair: 0 });
      return { type: 'error', error };
    }
    case 'incomplete':
      settleUnrun(state, NOT_RUN_INCOMPLETE, 'not_run');
      commitOutputs(state);
      if (decision.turn.incompleteReason !== undefined)
        state.incompleteReason = decision.turn.incompleteReason;
      return end(run, 'incomplete', decision.completed);
    case 'stop-condition':
      if (decision.turn.text !== '') state.finalOutput = decision.turn.text;
      return end(run, 'stopped', undefined);
    case 'turn-limit': {
      if (decision.completed !== undefined) {
        settleUnrun(state, NOT_RUN_NO_TOOLS, 'not_run');
        commitOutputs(state);
      }
      state.status = 'max_turns';
      await saveStep(run, 'end');
      if (decision.completed !== undefined) options.emit(decision.completed);
      // An unfinished run's finalOutput is its text or undefined, never an object.
      const partial = toResult(state, run.responses, 'max_turns', options.price) as RunResult;
      return {
        type: 'error',
        error: new MaxTurnsExceededError({ maxTurns: options.maxTurns, partialResult: partial }),
      };
    }
    case 'abort': {
      settleUnrun(state, CANCELLED_OUTPUT, 'aborted');
      commitOutputs(state);
      state.status = 'aborted';
      await saveQuietly(run);
      const partial = toResult(state, run.responses, 'aborted', options.price) as RunResult;
      return {
        type: 'error',
        error: new RunAbortedError({ partialResult: partial }, { cause: decision.reason }),
      };
    }
    case 'failure':
      state.status = 'failed';
      state.error = savedRunError(decision.error, options.client.redact);
      await saveQuietly(run);
      return { type: 'error', error: decision.error };
    default: {
      const unhandled: never = decision;
      return unhandled;
    }
  }
}

/** The `runToolCalls` options of a pending turn: saves around each call, the `agentTool` scope, sub-run usage. */
export function toolCallsOptions(run: LoopRun, pending: PendingToolTurn): RunToolCallsOptions {
  const parallel = run.options.agent.modelSettings?.parallel_tool_calls !== false;
  // Calls waiting for an approval are skipped by `PendingCalls.skip` (no filtered copy of the calls).
  return new PendingCalls(run, pending.turn, pending.calls, parallel ? run.options.maxToolConcurrency : 1);
}

/**
 * After a tool turn's calls ran: unless a call still waits for a person (the `interrupt` decision
 * follows), switches agent after a transfer, commits the outputs and saves; the handoff is reported
 * once saved. `undefined` when there is nothing to wait for.
 */
export function finishToolCalls(run: LoopRun, pending: PendingToolTurn): Promise<void> | undefined {
  if (pending.calls.some(isWaiting)) return undefined;
  // A transfer tool ran: the next turns are the target agent's (saved with the committed outputs).
  const handoff = switchAgentAfterHandoff(run);
  commitOutputs(run.state);
  return saveStep(run, 'tools.committed').then(() => {
    if (handoff !== undefined) run.options.emit(handoff);
  });
}

/**
 * Which turn the next decision checks `stopWhen` after: none while a call still waits for approval; for
 * a turn restored from a saved state, only where the uninterrupted run would have checked it.
 */
export function stopCheckAfter(
  run: LoopRun,
  turn: TurnRecord | undefined,
  restored: boolean,
): TurnRecord | undefined {
  if (run.state.pending !== undefined) return undefined;
  return restored ? resumedToolTurn(run.state, run.resumedFrom) : turn;
}

/** Ends the run with a result: save, report the last turn (and the validated object), then `run.completed`. */
async function end(
  run: LoopRun,
  status: RunResultStatus,
  ...announce: (RunEvent | undefined)[]
): Promise<LoopOutcome> {
  run.state.status = status;
  await saveStep(run, 'end');
  for (const event of announce) if (event !== undefined) run.options.emit(event);
  const result = toResult(run.state, run.responses, status, run.options.price);
  run.options.emit(runCompletedEvent(result));
  return { type: 'result', result };
}
