// docs/runner.md and docs/jobs.md: a tool whose effect must happen once.
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

/** A billing service that deduplicates on an idempotency key. */
export interface Billing {
  sendInvoice(orderId: string, options: { idempotencyKey: string }): Promise<{ sent: boolean }>;
}

/** The `send_invoice` tool on top of `billing`. */
export function invoiceTool(billing: Billing) {
  // #region docs
  const sendInvoice = tool({
    name: 'send_invoice',
    description: 'Emails the invoice to the customer',
    parameters: z.object({ orderId: z.string() }),
    execute: async ({ orderId }, ctx) => billing.sendInvoice(orderId, { idempotencyKey: ctx.idempotencyKey }),
  });
  // #endregion docs
  return sendInvoice;
}
