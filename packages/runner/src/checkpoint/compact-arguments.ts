import type { ToolCallRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { ResumeMismatchError } from './resume-mismatch-error.js';

/** The arguments of each `function_call` in the history, by call id. */
function historyArguments(state: RunState): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of state.history) {
    if ('type' in item && item.type === 'function_call') out.set(item.call_id, item.arguments);
  }
  return out;
}

function recordsOf(state: RunState): ToolCallRecord[] {
  return [...state.turns.flatMap((turn) => turn.toolCalls), ...(state.pending?.calls ?? [])];
}

/**
 * Drops, in a state about to be saved, each call record's `arguments` that the history's
 * `function_call` of the same id already holds, so a large argument is stored once, not two or three
 * times. {@link restoreArguments} puts them back on load. Checkpoints saved before this (with every
 * `arguments` present) load unchanged: the format stays version 1. Mutates and returns `state`.
 */
export function compactArguments(state: RunState): RunState {
  const saved = historyArguments(state);
  for (const call of recordsOf(state)) {
    if (saved.get(call.callId) === call.arguments) delete (call as Partial<ToolCallRecord>).arguments;
  }
  return state;
}

/**
 * Refills the `arguments` that {@link compactArguments} dropped, from the history. A record without
 * arguments whose call is not in the history throws `ResumeMismatchError` (field `state`). Mutates and
 * returns `state`.
 */
export function restoreArguments(state: RunState): RunState {
  const saved = historyArguments(state);
  const check = (call: ToolCallRecord, path: string): void => {
    if (typeof call.arguments === 'string') return;
    const args = saved.get(call.callId);
    if (args === undefined) {
      throw new ResumeMismatchError({
        runId: state.runId,
        field: 'state',
        path: `${path}.arguments`,
        problem: `its run state has no arguments for call ${JSON.stringify(call.callId.slice(0, 100))} at ${path}, and the history has no function_call with that id`,
        fix: 'restore the checkpoint from a backup, or delete it to start over.',
      });
    }
    call.arguments = args;
  };
  state.turns.forEach((turn, t) => {
    turn.toolCalls.forEach((call, c) => {
      check(call, `turns[${t}].toolCalls[${c}]`);
    });
  });
  state.pending?.calls.forEach((call, c) => {
    check(call, `pending.calls[${c}]`);
  });
  return state;
}
