// Test-only: the agents of `./dev inspect-demo` and the scripted replies of the local test server, one
// queue per agent (keyed by its instructions), so runs in parallel each get their own replies in order.
import { type Agent, agentTool } from '@mimo-agents/runner';
import type { ReplySpec, TestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

const model = 'mimo-v2.6-pro';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (answer: string, reasoning?: string): ReplySpec => ({
  type: 'output',
  items: [
    ...(reasoning === undefined ? [] : [{ type: 'reasoning' as const, text: reasoning }]),
    { type: 'message', text: answer },
  ],
});
const calls = (
  list: { name: string; args: Record<string, unknown>; callId: string }[],
  reasoning?: string,
): ReplySpec => ({
  type: 'output',
  items: [
    ...(reasoning === undefined ? [] : [{ type: 'reasoning' as const, text: reasoning }]),
    ...list.map((c) => ({
      type: 'function_call' as const,
      name: c.name,
      arguments: JSON.stringify(c.args),
      callId: c.callId,
    })),
  ],
});

/** The demo's runs: id, the agent that runs it, its input. */
export const DEMO_RUNS = [
  { runId: 'demo-completed', agent: 'greeter', input: 'Say hello.' },
  { runId: 'demo-awaiting-approval', agent: 'refunds', input: 'Refund order A-17 (40 EUR).' },
  { runId: 'demo-failed', agent: 'orders', input: 'Where is order B-2?' },
  { runId: 'demo-sub-agent', agent: 'lead', input: 'Refund rules, and the weather in Oslo?' },
  { runId: 'demo-handoff', agent: 'triage', input: 'Is my invoice paid?' },
  { runId: 'demo-sub-agent-approval', agent: 'support', input: 'Please refund order C-5 (25 EUR).' },
] as const;

/** The slow run the page can watch live (not awaited before the URL is printed). */
export const LIVE_RUN = { runId: 'demo-live', agent: 'cruncher', input: 'Crunch five steps.' } as const;

/** The demo agents, and their replies queued on `server`. */
export function demoAgents(server: TestServer, options: { stepMs?: number } = {}): Agent[] {
  const search = tool({
    name: 'search',
    description: 'Searches the docs',
    parameters: z.object({ q: z.string() }),
    execute: async ({ q }) => {
      await pause(60);
      return { q, hits: 3 };
    },
  });
  const weather = tool({
    name: 'get_weather',
    description: 'Current weather',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      await pause(40);
      return { city, tempC: 15, sky: 'clear' };
    },
  });
  const refund = tool({
    name: 'issue_refund',
    description: 'Refunds an order',
    parameters: z.object({ order: z.string(), amount: z.number() }),
    needsApproval: true,
    execute: ({ order, amount }) => ({ order, refunded: amount }),
  });
  const lookup = tool({
    name: 'lookup_order',
    description: 'Order status',
    parameters: z.object({ id: z.string() }),
    execute: ({ id }) => ({ id, status: 'shipped' }),
  });
  const crunch = tool({
    name: 'crunch',
    description: 'A slow step',
    parameters: z.object({ step: z.number() }),
    execute: async ({ step }) => {
      await pause(options.stepMs ?? 2000);
      return { step, done: true };
    },
  });
  const researcher: Agent = { name: 'researcher', model, instructions: 'R', tools: [search] };
  const billing: Agent = { name: 'billing', model, instructions: 'B' };
  // A sub-agent whose tool needs a person: its run pauses, and so does the support run that asked it.
  const refundDesk: Agent = { name: 'refund-desk', model, instructions: 'D', tools: [refund] };
  const agents: Agent[] = [
    { name: 'greeter', model, instructions: 'G' },
    { name: 'refunds', model, instructions: 'F', tools: [refund] },
    { name: 'orders', model, instructions: 'O', tools: [lookup] },
    {
      name: 'lead',
      model,
      instructions: 'L',
      tools: [
        agentTool(researcher, { name: 'research', description: 'Ask the researcher', keepCheckpoint: true }),
        weather,
      ],
    },
    { name: 'triage', model, instructions: 'T', handoffs: [billing] },
    { name: 'cruncher', model, instructions: 'C', tools: [crunch] },
    {
      name: 'support',
      model,
      instructions: 'S',
      tools: [agentTool(refundDesk, { name: 'ask_refund_desk', description: 'Ask the refund desk' })],
    },
  ];
  const queues: Record<string, ReplySpec[]> = {
    G: [text('Hello! How can I help?', 'A greeting is enough.')],
    F: [
      calls(
        [{ name: 'issue_refund', args: { order: 'A-17', amount: 40 }, callId: 'call_refund' }],
        'Refund it.',
      ),
      text('Refund of 40 EUR issued for A-17.'),
    ],
    O: [
      calls([{ name: 'lookup_order', args: { id: 'B-2' }, callId: 'call_lookup' }]),
      { type: 'error', status: 400, body: { error: { message: 'Param Incorrect: demo failure' } } },
    ],
    L: [
      calls(
        [
          { name: 'research', args: { input: 'Find the refund rules' }, callId: 'call_research' },
          { name: 'get_weather', args: { city: 'Oslo' }, callId: 'call_weather' },
        ],
        'Ask the researcher and check the weather at once.',
      ),
      text('Refunds within 30 days; Oslo is clear, 15 °C.'),
    ],
    R: [
      calls([
        { name: 'search', args: { q: 'refund' }, callId: 'call_s1' },
        { name: 'search', args: { q: 'returns' }, callId: 'call_s2' },
      ]),
      text('Refunds are accepted within 30 days.'),
    ],
    T: [calls([{ name: 'transfer_to_billing', args: {}, callId: 'call_handoff' }], 'This is for billing.')],
    B: [text('Billing here: your invoice is paid.')],
    S: [
      calls(
        [{ name: 'ask_refund_desk', args: { input: 'Refund order C-5, 25 EUR.' }, callId: 'call_desk' }],
        'The refund desk handles refunds.',
      ),
      text('The refund desk refunded 25 EUR on C-5.'),
    ],
    D: [
      calls([{ name: 'issue_refund', args: { order: 'C-5', amount: 25 }, callId: 'call_refund_c5' }]),
      text('Refunded 25 EUR on C-5.'),
    ],
    C: [
      ...[1, 2, 3, 4, 5].map((n) =>
        calls([{ name: 'crunch', args: { step: n }, callId: `call_${n}` }], `Step ${n} of 5.`),
      ),
      text('All five steps done.'),
    ],
  };
  const total = Object.values(queues).reduce((n, list) => n + list.length, 0);
  for (let i = 0; i < total + 20; i++)
    server.reply.with(
      (request) => queues[request.instructions ?? '']?.shift() ?? text('Nothing more was scripted.'),
    );
  return agents;
}
