// docs/multi-agent.md: a sub-agent with a structured output, as a tool and as a handoff target.
import type { MimoClient } from '@mimo-agents/core';
// #region docs
import { type Agent, agentTool, finalOutputOf, run } from '@mimo-agents/runner';
import { z } from 'zod';

const Invoice = z.object({ invoice: z.string(), amount: z.number(), currency: z.enum(['EUR', 'USD']) });

const invoices = {
  name: 'invoices',
  model: 'mimo-v2.6-flash',
  instructions: 'Read the invoice number and amount from the text.',
  output: Invoice,
};

// As a tool: the parent model reads the validated object as JSON; `result.finalOutput` is typed.
const readInvoice = agentTool(invoices, {
  name: 'read_invoice',
  description: 'Extract the invoice number and amount from a customer message',
  output: (result) => ({ ...result.finalOutput, checked: true }),
});

// As a handoff target: after the transfer, its output applies to the run.
const frontDesk: Agent = {
  name: 'front_desk',
  model: 'mimo-v2.6-pro',
  tools: [readInvoice],
  handoffs: [invoices],
};

async function askFrontDesk(client: MimoClient, input: string) {
  const result = await run({ client, agent: frontDesk, input });
  // `result.finalOutput` is typed by the starting agent (text); read the target's object typed:
  const invoice = finalOutputOf(result, invoices); // z.infer<typeof Invoice> | undefined
  return invoice ?? result.finalOutput;
}

// #endregion docs

export { askFrontDesk };
