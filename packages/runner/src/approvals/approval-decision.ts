/**
 * A person's answer to one `ToolApprovalRequest`, given to `resume({ decisions })`. Only `approvalId`
 * and the answer are required; any of `runId`, `callId`, `toolName`, `argumentsHash` that is given must
 * equal the saved state's, and with an `approvalSecret` the `signature` must verify (see
 * `signApprovalDecision`).
 * @example
 * await resume({ client, agent, runId, checkpoint, decisions: [{ approvalId, approve: false, reason: 'Over the limit' }] });
 */
export type ApprovalDecision = ApprovalDecisionBinding &
  ({ approve: true; reason?: string } | { approve: false; reason: string });

/** What a decision is about, and optionally the fields it must match. */
export interface ApprovalDecisionBinding {
  approvalId: string;
  runId?: string;
  callId?: string;
  toolName?: string;
  argumentsHash?: string;
  /** `hmac-sha256:<hex>`, from `signApprovalDecision`. */
  signature?: string;
}
