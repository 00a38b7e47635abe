// Support triage: tools plus a typed, validated result. Run: pnpm exec tsx --conditions=@mimo-agents/source examples/triage.ts
import type { MimoClient } from '@mimo-agents/core';
import { type RunResult, run } from '@mimo-agents/runner';
import { type ToolContext, tool } from '@mimo-agents/tools';
import { z } from 'zod';
import { connect } from './connect.js';

// --- schema ---
/** What a triaged ticket must look like: the run's `finalOutput` has exactly this type. */
export const Triage = z.object({
  priority: z.enum(['low', 'normal', 'urgent']).describe('urgent: the customer cannot work'),
  category: z.enum(['billing', 'outage', 'account', 'other']),
  reply: z.string().describe('A short, friendly reply to the customer'),
});
export type Triage = z.infer<typeof Triage>;
// --- end schema ---

// --- tools ---
/** The run's context: who is asking (tools read it as `ctx.context`, typed). */
export interface SupportContext {
  customerId: string;
  plan: 'free' | 'pro';
}

/** The asking customer's account (from the run context, not from the model). */
export const lookupAccount = tool({
  name: 'lookup_account',
  description: "The asking customer's plan and open invoices",
  parameters: z.object({}),
  execute: (_args, ctx: ToolContext<SupportContext>) => ({
    customerId: ctx.context.customerId,
    plan: ctx.context.plan,
    openInvoices: ctx.context.plan === 'pro' ? 1 : 0,
  }),
});

/** Known incidents matching a query (a demo list). */
export const searchIncidents = tool({
  name: 'search_incidents',
  description: 'Search the status page for ongoing incidents',
  parameters: z.object({ query: z.string() }),
  execute: ({ query }) => (/down|outage|error/i.test(query) ? ['API degraded since 09:12 UTC'] : []),
});
// --- end tools ---

// --- agent ---
/** The triage agent: tools first, then a `Triage` object as its answer. */
export const triageAgent = {
  name: 'triage',
  model: 'mimo-v2.6-pro',
  instructions: 'You triage support messages. Look up the account and incidents before you decide.',
  tools: [lookupAccount, searchIncidents],
  output: Triage,
};
// --- end agent ---

/** Options of `main()`. */
export interface TriageOptions {
  message?: string;
  context?: SupportContext;
  /** Where the report lines go. Default: `console.log`. */
  print?: (line: string) => void;
}

/** Triages one support message and prints the typed result. */
export async function main(client: MimoClient, options: TriageOptions = {}): Promise<RunResult<Triage>> {
  const { message = 'The API is down and I was charged twice!', print = console.log } = options;
  const context = options.context ?? { customerId: 'c-42', plan: 'pro' };
  // --- run ---
  const result = await run({ client, agent: triageAgent, input: message, context });
  const ticket = result.finalOutput; // Triage | undefined, validated
  if (ticket !== undefined) print(`[${ticket.priority}] ${ticket.category}: ${ticket.reply}`);
  // --- end run ---
  print(
    `${result.turns.length} turns, tools: ${result.turns.flatMap((t) => t.toolCalls.map((c) => c.name)).join(', ')}`,
  );
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
