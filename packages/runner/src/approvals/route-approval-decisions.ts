import { checkRunStateShape } from '../checkpoint/check-run-state-shape.js';
import { CheckpointNotFoundError } from '../checkpoint/checkpoint-not-found-error.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import type { ToolCallRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { type ApprovalDecisionOptions, applyApprovalDecisions } from './apply-approval-decisions.js';
import type { ApprovalDecision } from './approval-decision.js';
import { ApprovalError } from './approval-error.js';
import { checkDecisionList } from './check-decision-list.js';

/** Options of `routeApprovalDecisions`. */
export interface RouteApprovalDecisionsOptions extends ApprovalDecisionOptions {
  /** The store the run and its sub-runs are saved in (without one, a sub-run's approval cannot be reached). */
  checkpoint: CheckpointStore<RunState> | undefined;
}

/** Saved sub-run states loaded while routing one resume, by run id. */
type Loaded = Map<string, RunState | undefined>;

/**
 * `applyApprovalDecisions` for a run whose `agentTool` calls may wait on their sub-runs' approvals: each
 * decision goes to the run that owns its approval id (this run, or a sub-run at any depth, found through
 * the calls' `subRun` records and the sub-runs' saved states). Every decision is checked first, those of
 * sub-runs against their saved states (signatures, conflicts, settled calls: the same `ApprovalError`s);
 * then this run's are applied and each sub-run's are recorded as its call's `answer`, so the call runs
 * again and resumes the sub-run with them. `undecided: 'reject'` reaches the waiting sub-runs too.
 * Returns how many calls still wait.
 * @example
 * await routeApprovalDecisions(state, { decisions, checkpoint });
 */
export async function routeApprovalDecisions(
  state: RunState,
  options: RouteApprovalDecisionsOptions,
): Promise<{ waiting: number }> {
  const decisions = checkDecisionList(state.runId, options.decisions);
  return route(state, { ...options, decisions }, new Map());
}

async function route(
  state: RunState,
  options: RouteApprovalDecisionsOptions,
  loaded: Loaded,
): Promise<{ waiting: number }> {
  const own: ApprovalDecision[] = [];
  const routed = new Map<ToolCallRecord, ApprovalDecision[]>();
  for (const decision of options.decisions ?? []) {
    const id: unknown = decision?.approvalId;
    const call = typeof id === 'string' ? await subRunCallFor(state, id, options, loaded) : undefined;
    if (call === undefined) own.push(decision);
    else routed.set(call, [...(routed.get(call) ?? []), decision]);
  }
  // Every sub-run's decisions are checked against its saved state before anything is applied.
  for (const [call, decisions] of routed) await checkSubRun(state, call, decisions, options, loaded);
  const { approvalSecret, undecided, undecidedReason } = options;
  applyApprovalDecisions(state, {
    decisions: own,
    ...(approvalSecret === undefined ? {} : { approvalSecret }),
  });
  const rest = {
    ...(undecided === undefined ? {} : { undecided }),
    ...(undecidedReason === undefined ? {} : { undecidedReason }),
  };
  for (const [call, decisions] of routed) answer(call, decisions, rest);
  if (undecided === 'reject')
    for (const call of state.pending?.calls ?? [])
      if (call.outcome === undefined && call.subRun !== undefined && call.subRun.answer === undefined)
        answer(call, [], rest);
  // Calls of this run left without a decision: still waiting, or rejected with `undecided: 'reject'`.
  return applyApprovalDecisions(state, rest);
}

/** Records (merged with an earlier answer not delivered yet) what the call's sub-run resumes with. */
function answer(
  call: ToolCallRecord,
  decisions: ApprovalDecision[],
  rest: Pick<ApprovalDecisionOptions, 'undecided' | 'undecidedReason'>,
): void {
  const held = call.subRun;
  if (held === undefined) return;
  const merged = new Map((held.answer?.decisions ?? []).map((d) => [d.approvalId, d]));
  for (const decision of decisions) merged.set(decision.approvalId, decision);
  held.answer = { decisions: [...merged.values()], ...rest };
}

/** The call of `state` whose sub-run (at any depth) owns approval `id`, or undefined when `state` does. */
async function subRunCallFor(
  state: RunState,
  id: string,
  options: RouteApprovalDecisionsOptions,
  loaded: Loaded,
): Promise<ToolCallRecord | undefined> {
  const calls = callsOf(state);
  if (calls.some((call) => call.approval?.id === id)) return undefined;
  const holders = calls.filter((call) => call.subRun !== undefined);
  const direct = holders.find((call) => call.subRun?.interruptions.some((r) => r.approvalId === id));
  // Without a store, the sub-run's state is out of reach: `applyApprovalDecisions` refuses it by name.
  if (direct !== undefined || options.checkpoint === undefined)
    return options.checkpoint === undefined ? undefined : direct;
  // An approval of an earlier pause (a late or repeated decision): found in the sub-runs' saved states.
  for (const call of holders) {
    const sub = await load(call.subRun?.runId ?? '', options, loaded);
    if (sub === undefined) continue;
    if (callsOf(sub).some((c) => c.approval?.id === id)) return call;
    if ((await subRunCallFor(sub, id, options, loaded)) !== undefined) return call;
  }
  return undefined;
}

/** Checks a sub-run's decisions on a copy of its saved state (recursively for its own sub-runs). */
async function checkSubRun(
  state: RunState,
  call: ToolCallRecord,
  decisions: ApprovalDecision[],
  options: RouteApprovalDecisionsOptions,
  loaded: Loaded,
): Promise<void> {
  const held = call.subRun;
  if (held === undefined) return;
  const refuse = (decision: ApprovalDecision, code: ApprovalError['code'], problem: string, fix: string) => {
    throw new ApprovalError({ code, runId: state.runId, approvalId: decision.approvalId, problem, fix });
  };
  for (const decision of decisions) {
    if (call.outcome !== undefined)
      refuse(
        decision,
        'approval_already_settled',
        `the agent tool call ${call.callId} whose sub-run asked for it already has an outcome`,
        'nothing to do: the run already went on past this call.',
      );
    const earlier = held.answer?.decisions.find((d) => d.approvalId === decision.approvalId);
    if (earlier !== undefined && !sameAnswer(earlier, decision))
      refuse(
        decision,
        'approval_conflict',
        'it was already answered otherwise',
        'a decision cannot be changed once given.',
      );
  }
  const sub = await load(held.runId, options, loaded);
  if (sub === undefined) throw new CheckpointNotFoundError({ runId: held.runId });
  await route(structuredClone(sub), { ...options, decisions }, loaded);
}

function sameAnswer(a: ApprovalDecision, b: ApprovalDecision): boolean {
  return a.approve === b.approve && (a.approve || a.reason === b.reason);
}

/**
 * Every call record of a state, the pending turn's first: after a JSON round trip the turn record holds
 * copies of the pending calls, and the pending ones are those the loop runs.
 */
function callsOf(state: RunState): ToolCallRecord[] {
  const pending = state.pending;
  const recorded = state.turns
    .filter((turn) => turn.turn !== pending?.turn)
    .flatMap((turn) => turn.toolCalls);
  return [...(pending?.calls ?? []), ...recorded];
}

/** A sub-run's saved state (shape-checked), loaded once per routing. */
async function load(
  runId: string,
  options: RouteApprovalDecisionsOptions,
  loaded: Loaded,
): Promise<RunState | undefined> {
  if (loaded.has(runId)) return loaded.get(runId);
  const state = await options.checkpoint?.load(runId);
  // A store can hold anything under a key: a damaged sub-run state is refused by path, never read blindly.
  if (state !== undefined) {
    const value: unknown = state;
    checkRunStateShape(
      (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>,
      runId,
    );
  }
  loaded.set(runId, state);
  return state;
}
