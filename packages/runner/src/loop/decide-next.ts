import { validateHistory } from '@mimo-agents/core';
import { waitingApprovals } from '../approvals/request-approvals.js';
import { buildRequest } from '../build-request.js';
import { applyContextPolicy } from '../context/apply-context-policy.js';
import type { RunEvent } from '../events.js';
import { decideAnswer } from '../output/decide-output.js';
import { withOutputDeltas } from '../output/output-stream.js';
import type { TurnRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { shouldStop } from '../stop-conditions.js';
import { streamTurn } from '../turn/stream-turn.js';
import { addUsage, emptyUsage } from '../usage.js';
import type { LoopDecision } from './loop-decision.js';
import type { LoopRun } from './loop-run.js';
import { recordTurn, settleUnoffered } from './record-turn.js';
import { runCostOf } from './run-cost.js';

/**
 * The one decision of a loop step: calls waiting for approval interrupt; after a tool turn, its stop conditions; then the turn limit; then
 * one model turn, streamed to its end and recorded, and what its output calls for. Throws only for
 * what becomes an `abort` or a `failure` decision.
 */
export async function decideNext(run: LoopRun): Promise<LoopDecision> {
  const { state, options } = run;
  const { signal } = options;
  if (signal.aborted) return { type: 'abort', reason: signal.reason };
  const interruptions = waitingApprovals(state);
  if (interruptions.length > 0) return { type: 'interrupt', interruptions };
  const checked = run.stopCheckDue;
  run.stopCheckDue = undefined;
  if (checked !== undefined && (await stopsAfter(run, checked)))
    return { type: 'stop-condition', turn: checked };
  if (signal.aborted) return { type: 'abort', reason: signal.reason };
  const turnNumber = state.turns.length + 1;
  // Repair turns of structured output do not count against `maxTurns` (they are bounded on their own).
  const counted = turnNumber - (state.output?.repairs ?? 0);
  // `maxTurns` tool-capable turns in both modes; 'final-answer' then allows one extra request without tools.
  const lastChance = options.onMaxTurns === 'final-answer' && counted === options.maxTurns + 1;
  if (counted > options.maxTurns && !lastChance) return { type: 'turn-limit', completed: undefined };
  await applyContextPolicy(run, turnNumber);
  const history = options.inputFilter === undefined ? state.history : options.inputFilter(state.history);
  validateHistory(history);
  const request = buildRequest({
    agent: options.agent,
    history,
    registry: options.registry,
    ...(lastChance ? { finalAnswer: options.finalAnswer } : {}),
    ...(options.output === undefined ? {} : { output: options.output }),
  });
  if (options.promptCacheKey !== undefined) request.prompt_cache_key = options.promptCacheKey;
  const turn = await streamTurn({
    client: options.client,
    request,
    turn: turnNumber,
    signal,
    emit: options.output === undefined ? options.emit : withOutputDeltas(options.emit),
    toolsDisabled: lastChance,
    instrumentation: options.instrumentation,
    runId: state.runId,
    price: options.price,
  }).catch((error: unknown) => {
    // A cancelled turn has no record, but its request was sent: `usage.requests` counts it (no tokens known).
    if (signal.aborted) state.usage = addUsage(state.usage, { ...emptyUsage(), requests: 1 });
    throw error;
  });
  run.responses.push(turn.response);
  const record = recordTurn(state, turnNumber, turn, options.price);
  const completed: Extract<RunEvent, { type: 'turn.completed' }> = {
    type: 'turn.completed',
    turn: turnNumber,
    responseId: record.responseId,
    status: record.status,
    toolCalls: record.toolCalls.map(({ callId, name, arguments: args }) => ({
      callId,
      name,
      arguments: args,
    })),
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
  const offered = new Set((request.tools ?? []).map((tool) => tool.name));
  settleUnoffered(state, offered, new Set(options.registry.names()));
  return { type: 'tool-turn', turn: record, completed };
}

/** Whether a `stopWhen` predicate holds after `lastTurn`. */
function stopsAfter(run: LoopRun, lastTurn: TurnRecord): Promise<boolean> {
  const { state, options } = run;
  // Summed over the turns (each at its own agent's price): only worth it when a predicate may read it.
  const cost = options.stopWhen === undefined ? undefined : runCostOf(state, options.price);
  return shouldStop(options.stopWhen, {
    turns: state.turns,
    lastTurn,
    usage: state.usage,
    ...(cost === undefined ? {} : { cost }),
  });
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
