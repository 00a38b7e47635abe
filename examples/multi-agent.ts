// A triage agent with two specialists: one used as a tool, one handed the conversation.
// Run: pnpm exec tsx --conditions=@mimo-agents/source examples/multi-agent.ts
import { type Agent, agentTool, type MimoClient, type RunResult, streamRun, tool } from 'mimo-agents';
import { z } from 'zod';
import { connect } from './connect.js';

// --- agents ---
/** An invoice lookup (demo data). */
export const lookupInvoice = tool({
  name: 'lookup_invoice',
  description: 'The charges of an invoice by its number',
  parameters: z.object({ invoice: z.string() }),
  execute: ({ invoice }) => ({
    invoice,
    charges: [
      { amount: 30, currency: 'EUR' },
      { amount: 30, currency: 'EUR' },
    ],
  }),
});

/** Specialist 1, used as a tool: triage asks it and gets its answer back. */
export const techSupport: Agent = {
  name: 'tech_support',
  model: 'mimo-v2.6-pro',
  instructions: 'You are a technical support engineer. Answer in two sentences.',
};

/** Specialist 2, a handoff target: once triage transfers, billing answers the customer. */
export const billing: Agent = {
  name: 'billing',
  model: 'mimo-v2.6-pro',
  instructions: 'You are the billing agent. Look invoices up before you answer.',
  tools: [lookupInvoice],
};

/** The entry point: asks tech support as a tool, hands billing questions over. */
export const triage: Agent = {
  name: 'triage',
  model: 'mimo-v2.6-pro',
  instructions:
    'You are the triage agent. Ask tech_support about technical problems; transfer billing questions to billing.',
  tools: [
    agentTool(techSupport, { name: 'ask_tech_support', description: 'Ask a technical support engineer' }),
  ],
  handoffs: [billing],
};
// --- end agents ---

/** Options of `main()`. */
export interface MultiAgentExampleOptions {
  question?: string;
  /** Where the report lines go. Default: `console.log`. */
  print?: (line: string) => void;
}

/** Runs triage on one question and prints who did what, the answer and the usage. */
export async function main(client: MimoClient, options: MultiAgentExampleOptions = {}): Promise<RunResult> {
  const {
    question = 'The app crashes on login, and I was charged twice on invoice A-17.',
    print = console.log,
  } = options;
  // --- run ---
  const stream = streamRun({ client, agent: triage, input: question, maxTurns: 8 });
  for await (const event of stream) {
    if (event.type === 'agent.handoff') print(`handoff: ${event.from} → ${event.to}`);
    if (event.type === 'agent.event' && event.event.type === 'run.completed')
      print(`${event.agent.join(' > ')}: ${event.event.finalOutput ?? '(no answer)'}`);
  }
  const result = await stream.finalResult();
  print(`${result.lastAgent}: ${result.finalOutput ?? `(no answer: ${result.status})`}`);
  print(`${result.usage.requests} requests, ${result.usage.totalTokens} tokens (sub-agents included)`);
  // --- end run ---
  return result;
}

if (import.meta.main) {
  const { client, close } = await connect();
  try {
    await main(client);
  } finally {
    await close();
  }
}
