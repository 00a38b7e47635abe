import type { ToolCallRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import type { ApprovalDecision } from './approval-decision.js';
import { ApprovalError, type ApprovalErrorCode } from './approval-error.js';
import { type ApprovalSecret, verifyApprovalSignature } from './approval-signature.js';
import { checkDecisionList } from './check-decision-list.js';
import { isWaiting } from './request-approvals.js';
import type { ToolCallApproval } from './tool-call-approval.js';

/** Options of `applyApprovalDecisions` (and the approval options of `resume()`). */
export interface ApprovalDecisionOptions {
  /** The answers; each must fit the saved state exactly. */
  decisions?: readonly ApprovalDecision[];
  /** When set, every decision must carry a valid `signature` made with this secret. */
  approvalSecret?: ApprovalSecret;
  /**
   * What happens to waiting calls without a decision: `'wait'` (default) leaves them waiting, so the
   * run interrupts again; `'reject'` rejects them with `undecidedReason`.
   */
  undecided?: 'wait' | 'reject';
  /** The reason given to calls rejected by `undecided: 'reject'`. */
  undecidedReason?: string;
}

/** The default reason of `undecided: 'reject'`. */
export const DEFAULT_UNDECIDED_REASON = 'No decision was given for this call.';

/** What the model reads for a rejected call. */
export function rejectedOutput(name: string, reason: string): string {
  return `Rejected: a person declined this call to ${name}, so it was not run. Reason: ${reason}`;
}

/**
 * Checks every decision against the saved state, then applies them all (or none): approved calls
 * become runnable, rejected calls get their rejection as output. Refuses with `ApprovalError` a decision
 * for an unknown approval or another run, one whose run id, call id, tool name or arguments hash differs
 * from the saved call, one given twice (or again) with another answer, one for a call that already has
 * an outcome, and, with `approvalSecret`, an unsigned or badly signed one. The same answer given again
 * is accepted (a retried request). Returns how many calls are still waiting.
 * @example
 * applyApprovalDecisions(state, { decisions: [{ approvalId, approve: true }] });
 */
export function applyApprovalDecisions(
  state: RunState,
  options: ApprovalDecisionOptions,
): { waiting: number } {
  const chosen = new Map<string, { call: ToolCallRecord; decision: ApprovalDecision }>();
  for (const decision of checkDecisionList(state.runId, options.decisions)) {
    const call = checkDecision(state, decision, options.approvalSecret);
    const earlier = chosen.get(decision.approvalId);
    if (earlier !== undefined && !sameAnswer(earlier.decision, decision))
      refuse(
        state,
        decision,
        'approval_conflict',
        'it is given twice with different answers',
        'send one answer per approval.',
      );
    chosen.set(decision.approvalId, { call, decision });
  }
  for (const { call, decision } of chosen.values()) decide(call, decision.approve, decision.reason);
  let waiting = 0;
  for (const call of state.pending?.calls ?? []) {
    if (!isWaiting(call)) continue;
    if (options.undecided === 'reject')
      decide(call, false, options.undecidedReason ?? DEFAULT_UNDECIDED_REASON);
    // A call waiting on its sub-run's approvals is answered only through `routeApprovalDecisions`.
    if (isWaiting(call)) waiting += 1;
  }
  return { waiting };
}

function decide(call: ToolCallRecord, approve: boolean, reason: string | undefined): void {
  const approval = call.approval;
  if (approval === undefined || approval.decision !== undefined) return;
  approval.decision = approve ? 'approved' : 'rejected';
  if (reason !== undefined) approval.reason = reason;
  if (approve) return;
  call.outcome = 'error';
  call.errorKind = 'rejected';
  call.output = rejectedOutput(call.name, reason ?? DEFAULT_UNDECIDED_REASON);
  call.durationMs = 0;
}

function savedAnswer(approval: ToolCallApproval): ApprovalDecision {
  return approval.decision === 'approved'
    ? { approvalId: approval.id, approve: true }
    : { approvalId: approval.id, approve: false, reason: approval.reason ?? '' };
}

function sameAnswer(a: ApprovalDecision, b: ApprovalDecision): boolean {
  return a.approve === b.approve && (a.approve || a.reason === b.reason);
}

/** Finds the call a decision is for and checks it fits; throws `ApprovalError` when it does not. */
function checkDecision(
  state: RunState,
  decision: ApprovalDecision,
  secret: ApprovalSecret | undefined,
): ToolCallRecord {
  const d = decision as Partial<ApprovalDecision> & Record<string, unknown>;
  if (typeof d.approvalId !== 'string' || typeof d.approve !== 'boolean')
    refuse(
      state,
      decision,
      'approval_decision_invalid',
      'a decision needs approvalId (string) and approve (boolean)',
      'send { approvalId, approve: true } or { approvalId, approve: false, reason }.',
    );
  if (!d.approve && (typeof d.reason !== 'string' || d.reason === ''))
    refuse(
      state,
      decision,
      'approval_decision_invalid',
      'a rejection has no reason',
      'add reason: a short sentence the model will read.',
    );
  if (decision.runId !== undefined && decision.runId !== state.runId)
    refuse(
      state,
      decision,
      'approval_run_mismatch',
      `it belongs to run ${JSON.stringify(decision.runId)}`,
      'resume the run the interruption came from.',
    );
  const call = findCall(state, decision.approvalId);
  const approval = call?.approval;
  const holder = call === undefined ? subRunHolding(state, decision.approvalId) : undefined;
  if (holder !== undefined)
    refuse(
      state,
      decision,
      'approval_in_sub_run',
      `it belongs to sub-run ${JSON.stringify(holder)}, whose state only the checkpoint store holds`,
      'resume the top run with resume({ runId, checkpoint, decisions }) (or submitApprovalDecisions), which passes it to the sub-run; a run without a checkpoint store cannot resume its sub-runs, so give run() a checkpoint store.',
    );
  if (call === undefined || approval === undefined)
    return refuse(
      state,
      decision,
      'approval_unknown',
      'no call of this run waits for that approval id (another run, another call or other arguments)',
      "use an approvalId from this run's result.interruptions.",
    );
  const mismatch = (code: ApprovalErrorCode, field: string, given: unknown, saved: string): void => {
    if (given !== undefined && given !== saved)
      refuse(
        state,
        decision,
        code,
        `its ${field} ${JSON.stringify(given)} differs from the saved ${JSON.stringify(saved)}`,
        'answer the interruption exactly as it was reported.',
      );
  };
  mismatch('approval_call_mismatch', 'callId', decision.callId, call.callId);
  mismatch('approval_tool_mismatch', 'toolName', decision.toolName, call.name);
  mismatch('approval_arguments_mismatch', 'argumentsHash', decision.argumentsHash, approval.argumentsHash);
  if (secret !== undefined) {
    if (typeof decision.signature !== 'string')
      refuse(
        state,
        decision,
        'approval_signature_missing',
        'it is not signed and this resume requires signed decisions',
        'sign it with signApprovalDecision() and the same secret.',
      );
    const fields = {
      approvalId: approval.id,
      runId: state.runId,
      callId: call.callId,
      toolName: call.name,
      argumentsHash: approval.argumentsHash,
      approve: decision.approve,
      reason: decision.reason,
    };
    if (!verifyApprovalSignature(fields, decision.signature as string, secret))
      refuse(
        state,
        decision,
        'approval_signature_invalid',
        'its signature does not verify',
        'sign the decision with signApprovalDecision() and the same secret; do not edit it afterwards.',
      );
  }
  const ran = call.outcome !== undefined && approval.decision !== 'rejected';
  if (ran || (call.outcome !== undefined && !isPendingCall(state, call)))
    refuse(
      state,
      decision,
      'approval_already_settled',
      'the call already has an outcome',
      'nothing to do: the run already went on past this call.',
    );
  if (approval.decision !== undefined && !sameAnswer(savedAnswer(approval), decision))
    refuse(
      state,
      decision,
      'approval_conflict',
      `it was already ${approval.decision}`,
      'a decision cannot be changed once given.',
    );
  return call;
}

function isPendingCall(state: RunState, call: ToolCallRecord): boolean {
  return state.pending?.calls.includes(call) === true;
}

/** The call whose approval has this id: the pending turn first, then the recorded turns. */
function findCall(state: RunState, approvalId: string): ToolCallRecord | undefined {
  const pending = state.pending?.calls.find((call) => call.approval?.id === approvalId);
  if (pending !== undefined) return pending;
  for (const turn of state.turns) {
    const found = turn.toolCalls.find((call) => call.approval?.id === approvalId);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The id of the sub-run that reported this approval to one of the run's `agentTool` calls, if any. */
function subRunHolding(state: RunState, approvalId: string): string | undefined {
  const calls = [...state.turns.flatMap((turn) => turn.toolCalls), ...(state.pending?.calls ?? [])];
  const call = calls.find((c) => c.subRun?.interruptions.some((r) => r.approvalId === approvalId));
  return call?.subRun?.runId;
}

function refuse(
  state: RunState,
  decision: ApprovalDecision,
  code: ApprovalErrorCode,
  problem: string,
  fix: string,
): never {
  const approvalId =
    typeof decision?.approvalId === 'string' ? decision.approvalId : String(decision?.approvalId);
  throw new ApprovalError({ code, runId: state.runId, approvalId, problem, fix });
}
