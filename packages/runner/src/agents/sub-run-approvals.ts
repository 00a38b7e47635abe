import type { ApprovalDecisionOptions } from '../approvals/apply-approval-decisions.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { emptyCost, type RunCost } from '../cost.js';
import type { RunResult, ToolCallRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { emptyUsage, type RunUsage } from '../usage.js';
import type { ToolCallScope } from './tool-call-scope.js';

/**
 * Called by an `agentTool` whose sub-run ended `interrupted`: records on the call's scope what the
 * sub-run waits for, each request tagged with its agent path (`[...parent path, sub-agent]`; a deeper
 * sub-run's requests keep the path they already carry) and the sub-run's checkpoint number, so the
 * runner leaves the call without an outcome and the parent run interrupts in turn.
 */
export async function holdForApprovals(
  scope: ToolCallScope,
  result: RunResult<unknown>,
  agentName: string,
  store: CheckpointStore<RunState> | undefined,
): Promise<void> {
  const agentPath = [...scope.path, result.lastAgent ?? agentName];
  const interruptions = (result.interruptions ?? []).map((request) =>
    request.agentPath === undefined ? { ...request, agentPath } : request,
  );
  const seq = store === undefined ? undefined : (await store.load(result.runId))?.checkpointSeq;
  scope.interruption = {
    runId: result.runId,
    ...(seq === undefined ? {} : { seq }),
    interruptions,
    usage: scope.usage ?? emptyUsage(),
    ...(scope.cost === undefined ? {} : { cost: scope.cost }),
  };
}

/**
 * The decisions a saved sub-run resumes with: the parent's answer, delivered only to the pause it
 * answers (the sub-run still `interrupted` at the same checkpoint). After that the sub-run holds them in
 * its own state, so a repeat (a crash after the delivery) resumes without them.
 */
export function answerFor(scope: ToolCallScope, saved: RunState): ApprovalDecisionOptions {
  const held = scope.subRun;
  const answer = held?.answer;
  if (answer === undefined || saved.status !== 'interrupted') return {};
  if ((saved.checkpointSeq ?? 0) !== (held?.seq ?? 0)) return {};
  return {
    decisions: answer.decisions,
    ...(answer.undecided === undefined ? {} : { undecided: answer.undecided }),
    ...(answer.undecidedReason === undefined ? {} : { undecidedReason: answer.undecidedReason }),
  };
}

/**
 * For the runner, after a call ran: when its `agentTool` sub-run stopped for approvals, adds what the
 * sub-run spent that was not counted yet, records the interruption on the call (no outcome: it waits)
 * and returns true.
 */
export function holdCall(
  call: ToolCallRecord,
  scope: ToolCallScope | undefined,
  rollUp: ((usage: RunUsage, cost?: RunCost) => void) | undefined,
): boolean {
  const held = scope?.interruption;
  if (held === undefined) return false;
  const rest = notCounted(call, held.usage, held.cost);
  rollUp?.(rest.usage, rest.cost);
  call.subRun = held;
  return true;
}

/**
 * The part of a sub-run's (cumulative) usage and cost its parent has not added yet: all of it, unless
 * the call's sub-run stopped for approvals before (what was added then is subtracted).
 */
export function notCounted(
  call: ToolCallRecord,
  usage: RunUsage,
  cost: RunCost | undefined,
): { usage: RunUsage; cost?: RunCost } {
  const counted = call.subRun;
  if (counted === undefined) return cost === undefined ? { usage } : { usage, cost };
  const rest = emptyUsage();
  for (const key of Object.keys(rest) as (keyof RunUsage)[])
    rest[key] = Math.max(0, usage[key] - counted.usage[key]);
  if (cost === undefined) return { usage: rest };
  const before = counted.cost ?? emptyCost();
  const restCost = emptyCost();
  for (const key of Object.keys(restCost) as (keyof RunCost)[])
    restCost[key] = Math.max(0, cost[key] - before[key]);
  return { usage: rest, cost: restCost };
}
