import { type FunctionTool, type ResponseRequest, validateHistory } from '@mimo-agents/core';
import { shouldStopInTree } from '../agents/tree-budget.js';
import { waitingApprovals } from '../approvals/request-approvals.js';
import { buildRequest } from '../build-request.js';
import type { TurnCompletedEvent, TurnToolCall } from '../events.js';
import { decideAnswer } from '../output/decide-output.js';
import { withOutputDeltas } from '../output/output-stream.js';
import type { ToolCallRecord, TurnRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { shouldStop } from '../stop-conditions.js';
import type { StreamedTurn, StreamTurnOptions } from '../turn/stream-turn.js';
import { addUsage, emptyUsage } from '../usage.js';
import { keepResponse } from './kept-response.js';
import type { LoopDecision } from './loop-decision.js';
import type { LoopRun } from './loop-run.js';
import { recordTurn, settleUnoffered } from './record-turn.js';
import { runCostOf } from './run-cost.js';
import { shareRequestEchoes } from './share-request-echoes.js';
import { shareToolNames } from './share-tool-names.js';

/** A model turn to request (what `decideBeforeTurn` leads to when nothing else decides). */
export interface TurnPlan {
  type: 'request';
  turnNumber: number;
  /** The tool-less final-answer request of `onMaxTurns: 'final-answer'`. */
  lastChance: boolean;
}

/*
 * The one decision of a loop step: calls waiting for approval interrupt; after a tool turn, its stop
 * conditions; then the turn limit; then one model turn, streamed to its end and recorded, and what its
 * output calls for. `drive` runs these steps inline (`decideBeforeTurn`, the request, `decideAfterTurn`),
 * so a run waiting for an answer is suspended in one async function, not three.
 */

/**
 * What is decided before a model turn: an abort, calls waiting for approval, a stop condition after the
 * last tool turn, the turn limit; else the turn to request. A promise only when a `stopWhen` is checked.
 */
export function decideBeforeTurn(run: LoopRun): LoopDecision | TurnPlan | Promise<LoopDecision | TurnPlan> {
  const { signal } = run.options;
  if (signal.aborted) return { type: 'abort', reason: signal.reason };
  const interruptions = waitingApprovals(run.state);
  if (interruptions.length > 0) return { type: 'interrupt', interruptions };
  const checked = run.stopCheckDue;
  run.stopCheckDue = undefined;
  // Without `stopWhen` nothing can hold: straight to the turn.
  if (checked === undefined || run.options.stopWhen === undefined) return planTurn(run);
  return stopsAfter(run, checked).then((stop) =>
    stop ? { type: 'stop-condition', turn: checked } : planTurn(run),
  );
}

/** The turn limit, else the next turn to request. */
function planTurn(run: LoopRun): LoopDecision | TurnPlan {
  const { signal } = run.options;
  if (signal.aborted) return { type: 'abort', reason: signal.reason };
  const turnNumber = run.state.turns.length + 1;
  // Repair turns of structured output do not count against `maxTurns` (they are bounded on their own).
  const counted = turnNumber - (run.state.output?.repairs ?? 0);
  // `maxTurns` tool-capable turns in both modes; 'final-answer' then allows one extra request without tools.
  const lastChance = run.options.onMaxTurns === 'final-answer' && counted === run.options.maxTurns + 1;
  if (counted > run.options.maxTurns && !lastChance) return { type: 'turn-limit', completed: undefined };
  return { type: 'request', turnNumber, lastChance };
}

/** A cancelled turn has no record, but its request was sent: `usage.requests` counts it (no tokens known). */
export function countCancelledRequest(run: LoopRun): void {
  if (run.options.signal.aborted)
    run.state.usage = addUsage(run.state.usage, { ...emptyUsage(), requests: 1 });
}

/** The request of the next turn: the (filtered) history checked, the agent's settings and tools. */
export function turnRequest(run: LoopRun, lastChance: boolean): ResponseRequest {
  const { state, options } = run;
  const history = options.inputFilter === undefined ? state.history : options.inputFilter(state.history);
  validateHistory(history);
  const request = buildRequest({
    agent: options.agent,
    history,
    registry: options.registry,
    finalAnswer: lastChance ? options.finalAnswer : undefined,
    output: options.output,
  });
  if (options.promptCacheKey !== undefined) request.prompt_cache_key = options.promptCacheKey;
  return request;
}

/** What `streamTurn` is given for a planned turn. */
export function turnOptions(run: LoopRun, request: ResponseRequest, plan: TurnPlan): StreamTurnOptions {
  const { options } = run;
  return {
    client: options.client,
    request,
    turn: plan.turnNumber,
    signal: options.signal,
    emit: options.output === undefined ? options.emit : withOutputDeltas(options.emit),
    toolsDisabled: plan.lastChance,
    instrumentation: options.instrumentation,
    runId: run.state.runId,
    price: options.price,
  };
}

/** Records a streamed turn and decides what its output calls for. */
export function decideAfterTurn(
  run: LoopRun,
  request: ResponseRequest,
  plan: TurnPlan,
  turn: StreamedTurn,
): LoopDecision | Promise<LoopDecision> {
  const { state, options } = run;
  const { turnNumber, lastChance } = plan;
  // Kept for `RunResult.responses` (compact: `kept-response.ts`); what it echoes of the request points at
  // the request's own values, and so do the names of the tools it called (in the response, the history
  // and the call records).
  shareToolNames(turn, request);
  run.responses = run.responses.concat(keepResponse(shareRequestEchoes(turn.response, request)));
  const record = recordTurn(state, turnNumber, turn, options.price);
  // Under a tree's budgets: the request counts for every run of the tree now, not when this run ends.
  options.spending?.add(record.usage, record.cost);
  const completed: TurnCompletedEvent = {
    type: 'turn.completed',
    turn: turnNumber,
    responseId: record.responseId,
    status: record.status,
    toolCalls: turnToolCalls(record.toolCalls),
    usage: record.usage,
    durationMs: record.durationMs,
  };
  if (record.incompleteReason !== undefined) completed.incompleteReason = record.incompleteReason;
  if (record.cost !== undefined) completed.cost = record.cost;
  if (turn.status === 'incomplete') return { type: 'incomplete', turn: record, completed };
  if (turn.calls.length === 0)
    return options.output === undefined
      ? { type: 'final-answer', turn: record, completed }
      : decideAnswer(run, options.output, record, completed);
  // The model called tools although none were declared: the calls are answered, then the limit reported.
  if (lastChance) return { type: 'turn-limit', completed };
  // A call to a tool this request did not declare (`tool_choice` 'none' or a named function) never runs.
  if (!allOffered(record.toolCalls, request.tools)) {
    const offered = new Set((request.tools ?? []).map((tool) => tool.name));
    settleUnoffered(state, offered, new Set(options.registry.names()));
  }
  return { type: 'tool-turn', turn: record, completed };
}

/** The calls as `turn.completed` reports them (an indexed loop: no closure, no destructured copy). */
function turnToolCalls(calls: readonly ToolCallRecord[]): TurnToolCall[] {
  const reported: TurnToolCall[] = new Array(calls.length);
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as ToolCallRecord;
    reported[i] = { callId: call.callId, name: call.name, arguments: call.arguments };
  }
  return reported;
}

/**
 * Whether the request declared the tool of every call (the rule: then no call needs settling, and no
 * set of names is built). Scans the few declared tools per call.
 */
function allOffered(calls: readonly ToolCallRecord[], tools: ResponseRequest['tools']): boolean {
  if (tools === undefined) return calls.length === 0;
  // Indexed loops: no iterator per loop, even before the function is optimised.
  for (let i = 0; i < calls.length; i++) {
    const name = (calls[i] as ToolCallRecord).name;
    let found = false;
    for (let t = 0; t < tools.length && !found; t++) found = (tools[t] as FunctionTool).name === name;
    if (!found) return false;
  }
  return true;
}

/** Whether a `stopWhen` predicate holds after `lastTurn`. */
function stopsAfter(run: LoopRun, lastTurn: TurnRecord): Promise<boolean> {
  const { state, options } = run;
  // Summed over the turns (each at its own agent's price): only worth it when a predicate may read it.
  const cost = options.stopWhen === undefined ? undefined : runCostOf(state, options.price);
  const input = { turns: state.turns, lastTurn, usage: state.usage, ...(cost === undefined ? {} : { cost }) };
  // Under a tree's live account (a sub-run, or a top run once it started one): budgets read the tree's total.
  const { spending, stopWhen } = options;
  if (spending === undefined || stopWhen === undefined) return shouldStop(stopWhen, input);
  return shouldStopInTree(stopWhen, input, spending);
}

/**
 * The last turn, when a resumed state ends with a tool turn whose outputs are all in the history: the
 * point where an uninterrupted run checks `stopWhen`. Not after a `max_turns` end (its last turn, if it
 * called tools, was the tool-less final-answer turn, which never checks them), nor when a call of the
 * turn was cancelled (the run ended on that abort; the model must see the cancelled output).
 */
export function resumedToolTurn(state: RunState, resumedFrom: RunState['status']): TurnRecord | undefined {
  const last = state.turns.at(-1);
  if (last === undefined || resumedFrom === 'max_turns' || state.pending !== undefined) return undefined;
  if (last.status === 'incomplete' || last.toolCalls.length === 0) return undefined;
  // A call cancelled by an abort: the uninterrupted run stopped on the abort, not on `stopWhen`.
  if (last.toolCalls.some((call) => call.errorKind === 'aborted')) return undefined;
  return last;
}
