import type { ToolRegistry } from '@mimo-agents/tools';
import type { ToolCallRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { approvalIdFor, argumentsHash, parsedArguments } from './arguments-hash.js';
import type { ToolApprovalRequest } from './tool-approval-request.js';

/**
 * Records, on each pending call not yet looked at, whether it needs a person's approval (its tool's
 * `needsApproval`; a predicate that throws counts as yes). Calls with an outcome, calls already
 * recorded, unknown tools and arguments the tool refuses are left alone (the last two never run).
 */
export async function requestApprovals(
  state: RunState,
  registry: ToolRegistry,
  context: unknown,
): Promise<void> {
  for (const call of state.pending?.calls ?? []) {
    if (call.outcome !== undefined || call.approval !== undefined) continue;
    const needs = registry.get(call.name)?.needsApproval;
    if (needs === undefined || needs === false) continue;
    if (needs !== true && !(await predicateHolds(registry, call, state.runId, context))) continue;
    const hash = argumentsHash(call.arguments);
    call.approval = {
      id: approvalIdFor({
        runId: state.runId,
        callId: call.callId,
        toolName: call.name,
        argumentsHash: hash,
      }),
      argumentsHash: hash,
    };
  }
}

/**
 * Whether a call is waiting for a decision (it must not run yet): its own approval, or, for an
 * `agentTool` call, the approvals its sub-run stopped for (until the parent's resume answers them).
 */
export function isWaiting(call: ToolCallRecord): boolean {
  if (call.outcome !== undefined) return false;
  if (call.approval !== undefined && call.approval.decision === undefined) return true;
  return call.subRun !== undefined && call.subRun.answer === undefined;
}

/** The pending calls waiting for a decision, as interruptions (a waiting sub-run's, as it reported them). */
export function waitingApprovals(state: RunState): ToolApprovalRequest[] {
  const pending = state.pending;
  if (pending === undefined) return [];
  return pending.calls
    .filter(isWaiting)
    .flatMap((call) =>
      call.subRun !== undefined && (call.approval === undefined || call.approval.decision !== undefined)
        ? call.subRun.interruptions
        : [approvalRequestOf(state.runId, pending.turn, call)],
    );
}

/** The interruption entry of a call that has an approval record. */
export function approvalRequestOf(runId: string, turn: number, call: ToolCallRecord): ToolApprovalRequest {
  return {
    approvalId: call.approval?.id ?? '',
    runId,
    turn,
    callId: call.callId,
    toolName: call.name,
    arguments: parsedArguments(call.arguments),
    argumentsHash: call.approval?.argumentsHash ?? '',
  };
}

async function predicateHolds(
  registry: ToolRegistry,
  call: ToolCallRecord,
  runId: string,
  context: unknown,
): Promise<boolean> {
  const tool = registry.get(call.name);
  const predicate = tool?.needsApproval;
  if (tool === undefined || typeof predicate !== 'function') return predicate === true;
  let args: unknown;
  try {
    args = tool.parse(call.arguments);
  } catch {
    // Refused arguments never reach `execute`: the call gets an invalid-arguments output instead.
    return false;
  }
  try {
    return (await predicate(args, { callId: call.callId, runId, context })) !== false;
  } catch {
    return true;
  }
}
