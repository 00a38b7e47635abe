import type { TurnCompletedEvent } from '../events.js';
import type { LoopDecision } from '../loop/loop-decision.js';
import { type LoopRun, saveStep } from '../loop/loop-run.js';
import type { TurnRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { checkOutput } from './check-output.js';
import type { OutputSettings } from './output-settings.js';

/**
 * The decision for a structured-output run's answer (a completed turn without calls): saved first, so
 * that a run killed before validating resumes by validating this answer instead of asking again; then
 * `final-answer` with the object, `repair` while repairs are left, or `output-invalid`.
 */
export async function decideAnswer(
  run: LoopRun,
  output: OutputSettings,
  turn: TurnRecord,
  completed: TurnCompletedEvent | undefined,
): Promise<LoopDecision> {
  run.state.output ??= { repairs: 0 };
  await saveStep(run, 'turn');
  const check = checkOutput(output.schema, turn.text);
  if (check.ok) return { type: 'final-answer', turn, completed, output: { value: check.value } };
  if (run.state.output.repairs < output.maxRepairs)
    return { type: 'repair', turn, completed, issues: check.issues };
  return { type: 'output-invalid', turn, completed, issues: check.issues, partial: check.partial };
}

/**
 * The saved answer a resumed structured-output run must validate before anything else: the last turn,
 * completed without calls, not yet checked. `undefined` otherwise.
 */
export function uncheckedAnswer(state: RunState, output: OutputSettings | undefined): TurnRecord | undefined {
  const last = state.turns.at(-1);
  if (output === undefined || last === undefined || state.pending !== undefined) return undefined;
  if (last.status !== 'completed' || last.toolCalls.length > 0) return undefined;
  return state.output?.checkedTurn === last.turn ? undefined : last;
}
