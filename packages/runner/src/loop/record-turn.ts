import { type FunctionCallOutputItem, StreamProtocolError } from '@mimo-agents/core';
import { costOf, type ModelPrice } from '../cost.js';
import { messageText, toReplayItems } from '../history/replay-item.js';
import type { ToolCallRecord, TurnRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import type { StreamedTurn } from '../turn/stream-turn.js';
import { addUsage, fromResponseUsage } from '../usage.js';

/** Adds a finished model turn to the state: its record, its usage (and cost, given a price) and its output items in order. */
export function recordTurn(
  state: RunState,
  turnNumber: number,
  turn: StreamedTurn,
  price?: ModelPrice,
): TurnRecord {
  const calls: ToolCallRecord[] = turn.calls.map(({ callId, name, arguments: args }) => ({
    callId,
    name,
    arguments: args,
  }));
  const usage = fromResponseUsage(turn.response.usage);
  const record: TurnRecord = {
    turn: turnNumber,
    responseId: turn.response.id,
    status: turn.status,
    text: messageText(turn.items),
    toolCalls: calls,
    usage,
    durationMs: turn.durationMs,
    retries: turn.retries,
    requestRetries: turn.requestRetries,
    // In the literal when there is a price (not added afterwards): one property store less per turn.
    ...(price === undefined ? {} : { cost: costOf(usage, price) }),
  };
  if (turn.incompleteReason !== undefined) record.incompleteReason = turn.incompleteReason;
  if (turn.otherItems.length > 0) record.otherItems = turn.otherItems;
  refuseRepeatedCallIds(state, calls);
  // New arrays of the exact length (`concat`), not `push`: a pushed array reserves 16 more slots (≈ 0.13 KiB
  // per array) that a run waiting for hours would hold for nothing. Nothing keeps the old arrays.
  state.turns = state.turns.concat(record);
  state.usage = addUsage(state.usage, record.usage);
  state.history = state.history.concat(toReplayItems(turn.items));
  if (calls.length > 0) state.pending = { turn: turnNumber, calls };
  return record;
}

/**
 * Refuses a turn whose call reuses a `call_id` of the history: running it would run that id twice and
 * the history would be invalid. Thrown before anything of the turn is recorded or run.
 */
function refuseRepeatedCallIds(state: RunState, calls: readonly ToolCallRecord[]): void {
  const seen = new Set<string>();
  for (const item of state.history) if (item.type === 'function_call') seen.add(item.call_id);
  const repeated = calls.find((call) => seen.has(call.callId));
  if (repeated === undefined) return;
  throw new StreamProtocolError(
    {
      message: `Malformed response: call_id ${repeated.callId} (${repeated.name}) was already used by an earlier turn of this run, so it is not executed again. Fix: the server or a proxy must give every call a new call_id.`,
      raw: repeated.callId,
    },
    { retryable: false },
  );
}

/** Gives every call of the pending turn without an outcome the same error `output` (it did not run, or was cut short). */
export function settleUnrun(state: RunState, output: string, kind: 'aborted' | 'not_run'): void {
  for (const call of state.pending?.calls ?? []) {
    if (call.outcome !== undefined) continue;
    call.outcome = 'error';
    call.errorKind = kind;
    call.output = output;
    call.durationMs = 0;
  }
}

/**
 * Answers, without running them, the pending calls to a registered tool that the turn's request did not
 * declare (`tool_choice: 'none'` declares none, a named function only that one); MiMo may still call them.
 * Names the agent does not have at all are left to `executeTool`, which reports them as unknown tools.
 */
export function settleUnoffered(
  state: RunState,
  offered: ReadonlySet<string>,
  registered: ReadonlySet<string>,
): void {
  const offeredList = offered.size === 0 ? 'none' : [...offered].join(', ');
  const fix = offered.size === 0 ? 'Answer without calling tools.' : 'Call only an offered tool.';
  for (const call of state.pending?.calls ?? []) {
    if (call.outcome !== undefined || offered.has(call.name) || !registered.has(call.name)) continue;
    call.outcome = 'error';
    call.errorKind = 'not_run';
    call.output = `Not executed: tool ${call.name} was not offered in this turn (offered: ${offeredList}). ${fix}`;
    call.durationMs = 0;
  }
}

/**
 * Appends one `function_call_output` per pending call, in call order, and clears `pending`: set to
 * `undefined`, not deleted, so the state keeps one shape (a `delete` can put it in V8's slower, larger
 * dictionary mode for the rest of the run). A saved state leaves the key out (`savedRunState`).
 */
export function commitOutputs(state: RunState): void {
  const pending = state.pending;
  if (pending === undefined) return;
  const outputs: FunctionCallOutputItem[] = pending.calls.map((call) => ({
    type: 'function_call_output',
    call_id: call.callId,
    output: call.output ?? '',
  }));
  state.history = state.history.concat(outputs);
  // The turn record shares nothing with `pending` after a JSON round trip, so copy outcomes back by id.
  // In a run that recorded the turn itself both hold the same array of the same calls: nothing to copy.
  const record = state.turns.find((turn) => turn.turn === pending.turn);
  if (record !== undefined && record.toolCalls !== pending.calls)
    record.toolCalls = pending.calls.map((call) => ({ ...call }));
  state.pending = undefined;
}
