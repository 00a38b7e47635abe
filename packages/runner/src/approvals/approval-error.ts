import { MimoError } from '@mimo-agents/core';

/** Why a decision was refused; each is also the error's `code`. */
export type ApprovalErrorCode =
  | 'approval_decision_invalid'
  | 'approval_unknown'
  | 'approval_run_mismatch'
  | 'approval_call_mismatch'
  | 'approval_tool_mismatch'
  | 'approval_arguments_mismatch'
  | 'approval_conflict'
  | 'approval_already_settled'
  | 'approval_signature_missing'
  | 'approval_signature_invalid'
  | 'approval_run_not_interrupted'
  | 'approval_in_sub_run';

/**
 * A decision given to `resume()` (or `submitApprovalDecisions`) does not fit the saved run exactly.
 * Nothing was applied, saved, sent or run: every decision of the call is checked before any is used.
 */
export class ApprovalError extends MimoError {
  declare readonly code: ApprovalErrorCode;
  /** The run being resumed. */
  readonly runId: string;
  /** The decision's `approvalId`, as given. */
  readonly approvalId: string;

  constructor(fields: {
    code: ApprovalErrorCode;
    runId: string;
    approvalId: string;
    problem: string;
    fix: string;
  }) {
    super(
      fields.code,
      `Approval decision ${JSON.stringify(fields.approvalId)} refused for run "${fields.runId}": ${fields.problem}. Nothing ran. Fix: ${fields.fix}`,
      { retryable: false },
    );
    this.runId = fields.runId;
    this.approvalId = fields.approvalId;
  }
}
