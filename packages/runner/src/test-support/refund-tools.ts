import { type NeedsApproval, tool } from '@mimo-agents/tools';
import { z } from 'zod';

/**
 * Test-only: a `refund` tool that needs approval (or what `needsApproval` says) and a `lookup` tool that
 * does not; both log each execution (call id, idempotency key, attempt) so a test can see what ran.
 */
export function refundTools(needsApproval: NeedsApproval<{ orderId: string; amount: number }> = true) {
  const executions: { tool: string; callId: string; key: string; attempt: number }[] = [];
  const refund = tool({
    name: 'refund',
    description: 'Refunds an order',
    parameters: z.object({ orderId: z.string(), amount: z.number() }),
    needsApproval,
    execute: ({ orderId, amount }, ctx) => {
      executions.push({ tool: 'refund', callId: ctx.callId, key: ctx.idempotencyKey, attempt: ctx.attempt });
      return `refunded ${amount} on ${orderId}`;
    },
  });
  const lookup = tool({
    name: 'lookup',
    description: 'Looks an order up',
    parameters: z.object({ orderId: z.string() }),
    execute: ({ orderId }, ctx) => {
      executions.push({ tool: 'lookup', callId: ctx.callId, key: ctx.idempotencyKey, attempt: ctx.attempt });
      return `order ${orderId}: paid 40`;
    },
  });
  return { refund, lookup, executions, tools: [refund, lookup] };
}
