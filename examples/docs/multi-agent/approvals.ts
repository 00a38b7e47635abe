// docs/multi-agent.md and docs/approvals.md: an approval inside an agent tool pauses the parent run and
// resumes through it.
import type { MimoClient } from '@mimo-agents/core';
import { type Agent, agentTool, createFileCheckpointStore, resume, run } from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

/** Triage asks billing (an agent tool); billing's refund waits for a person; the answer goes to triage's run. */
export async function approveInsideAgentTool(client: MimoClient, directory: string) {
  let refunds = 0;
  // #region agents
  const refundOrder = tool({
    name: 'refund_order',
    description: 'Refunds an order',
    parameters: z.object({ orderId: z.string() }),
    needsApproval: true,
    execute: async ({ orderId }) => {
      refunds += 1;
      return `refunded ${orderId}`;
    },
  });
  const billing: Agent = { name: 'billing', model: 'mimo-v2.6-pro', tools: [refundOrder] };
  const triage: Agent = {
    name: 'triage',
    model: 'mimo-v2.6-pro',
    tools: [agentTool(billing, { name: 'ask_billing', description: 'Ask the billing agent' })],
  };
  // #endregion agents
  // #region pause
  const checkpoint = createFileCheckpointStore({ directory });
  const paused = await run({
    client,
    agent: triage,
    input: 'Refund ORD-1001.',
    runId: 'ticket-7',
    checkpoint,
  });
  for (const request of paused.interruptions ?? []) {
    // "triage > billing: refund_order"; request.runId is the sub-run's, 'ticket-7/<callId>'
    console.log(`${request.agentPath?.join(' > ')}: ${request.toolName}`, request.arguments);
  }
  // #endregion pause
  // #region resume
  // Answered on the parent run: each decision reaches the sub-run that asked, which finishes its answer;
  // that answer is the agent tool's output, and triage goes on.
  const result = await resume({
    client,
    agent: triage,
    runId: 'ticket-7',
    checkpoint,
    decisions: (paused.interruptions ?? []).map((request) => ({
      approvalId: request.approvalId,
      approve: true,
    })),
  });
  // #endregion resume
  return { paused, result, refunds: () => refunds };
}
