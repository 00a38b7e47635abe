/**
 * One call waiting for a person (an entry of `result.interruptions` and of `tool.approval_requested`):
 * everything a decision binds to. Plain JSON.
 */
export interface ToolApprovalRequest {
  /** Stable id of this approval: derived from run id, call id, tool name and arguments hash. */
  approvalId: string;
  runId: string;
  /** The model turn that asked for the call. */
  turn: number;
  callId: string;
  toolName: string;
  /** The call's arguments, parsed from the model's JSON (the raw string when it is not valid JSON). */
  arguments: unknown;
  /** `sha256:<hex>` of the canonical arguments (keys sorted). */
  argumentsHash: string;
  /**
   * Set when the call belongs to a sub-run (an `agentTool`): the agent names from the top run's agent
   * down to the agent whose call waits, e.g. `['triage', 'billing']`. `runId` is then the sub-run's id.
   */
  agentPath?: string[];
}
