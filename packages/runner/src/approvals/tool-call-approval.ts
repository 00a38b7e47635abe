/**
 * The approval a call needed, recorded in the run state when the call was first seen (never recomputed
 * on resume, so a tool whose `needsApproval` changes later cannot run a call without a decision).
 */
export interface ToolCallApproval {
  /** The stable approval id (see `approvalIdFor`). */
  id: string;
  /** `sha256:<hex>` of the call's canonical arguments (see `argumentsHash`). */
  argumentsHash: string;
  /** Absent while the call waits for a person. */
  decision?: 'approved' | 'rejected';
  /** Why it was rejected, as the person gave it. */
  reason?: string;
}
