import type { ApprovalDecision } from '../approvals/approval-decision.js';
import type { ToolApprovalRequest } from '../approvals/tool-approval-request.js';
import type { RunCost } from '../cost.js';
import type { RunUsage } from '../usage.js';

/**
 * What a parent's `agentTool` call records when its sub-run stops for approvals: the call has no
 * outcome and waits (its run ends `interrupted` with `interruptions`) until `resume({ decisions })` on
 * the parent sets `answer`; the call then runs again and resumes the sub-run with it. Kept on the call
 * record after its outcome, as an audit trail. Plain JSON, saved with the parent's state.
 */
export interface SubRunInterruption {
  /** The sub-run's id, `<parent runId>/<callId>` (its checkpoint in the same store). */
  runId: string;
  /** The sub-run's `checkpointSeq` when it stopped: the answer is delivered only to that pause (absent without a store). */
  seq?: number;
  /** What the sub-run waits for (its own calls and its sub-runs'), each tagged with its `agentPath`. */
  interruptions: ToolApprovalRequest[];
  /** The sub-run's usage already added to the parent's turn and totals, so its final outcome adds only the rest. */
  usage: RunUsage;
  /** The sub-run's cost already added to the parent's turn, when it had a price. */
  cost?: RunCost;
  /** Set by `resume({ decisions })` on the parent: what the sub-run is resumed with. */
  answer?: SubRunAnswer;
}

/** The decisions (already checked against the sub-run's saved state) a waiting sub-run resumes with. */
export interface SubRunAnswer {
  decisions: ApprovalDecision[];
  undecided?: 'wait' | 'reject';
  undecidedReason?: string;
}
