// docs/approvals.md: a run that pauses for a person and resumes with the decision.
import type { MimoClient } from '@mimo-agents/core';
import { type Agent, createFileCheckpointStore, resume, run } from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

/** Pauses on the refund, then approves it (a real app stores `interruptions` and waits for a click). */
export async function pauseThenApprove(client: MimoClient, directory: string) {
  // #region tool
  const refundOrder = tool({
    name: 'refund_order',
    description: 'Refunds an order',
    parameters: z.object({ orderId: z.string(), amountEur: z.number() }),
    // Every call waits for a person; or decide per call: ({ amountEur }) => amountEur > 100
    needsApproval: true,
    execute: async ({ orderId, amountEur }, ctx) => ({ orderId, amountEur, key: ctx.idempotencyKey }),
  });
  // #endregion tool
  const agent: Agent = { name: 'refunds', model: 'mimo-v2.6-pro', tools: [refundOrder] };
  // #region pause
  const checkpoint = createFileCheckpointStore({ directory });
  const paused = await run({ client, agent, input: 'Refund ORD-1001.', runId: 'refund-1001', checkpoint });
  if (paused.status === 'interrupted') {
    for (const request of paused.interruptions ?? [])
      console.log(request.approvalId, request.toolName, request.arguments);
  }
  // #endregion pause
  const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
  // #region resume
  // Hours later, in any process that has the same agent:
  const result = await resume({
    client,
    agent,
    runId: 'refund-1001',
    checkpoint,
    decisions: [{ approvalId, approve: true }],
    // or: [{ approvalId, approve: false, reason: 'Refunds over 500 EUR need a manager.' }]
  });
  // #endregion resume
  return { paused, result };
}
