// docs/approvals.md: signed decisions and the refusals.
import type { MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  ApprovalError,
  type CheckpointStore,
  type RunState,
  resume,
  signApprovalDecision,
  type ToolApprovalRequest,
} from '@mimo-agents/runner';

/** Signs the reviewer's answer on the server, then resumes with signatures required. */
export async function resumeSigned(
  client: MimoClient,
  agent: Agent,
  checkpoint: CheckpointStore<RunState>,
  request: ToolApprovalRequest,
  secret: Buffer,
) {
  // #region signed
  // Where the reviewer's click arrives (the server, never the browser, holds `secret`):
  const decision = signApprovalDecision({ request, approve: true, secret });
  // … the decision may now travel through a browser or a queue …
  try {
    return await resume({
      client,
      agent,
      runId: request.runId,
      checkpoint,
      decisions: [decision],
      approvalSecret: secret,
    });
  } catch (error) {
    if (error instanceof ApprovalError) console.warn(`refused (${error.code}): ${error.message}`);
    throw error;
  }
  // #endregion signed
}
