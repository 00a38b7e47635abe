// Test-only: real multi-agent runs against @mimo-agents/testing's server, saved in a checkpoint store:
// a lead agent whose agentTool call runs a researcher sub-run (with its own tool calls) beside a plain
// call, and a triage agent that hands the run to billing.
import { createClient } from '@mimo-agents/core';
import { type Agent, agentTool, type CheckpointStore, type RunState, run } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';
import { scriptByInstructions } from '../../../runner/src/test-support/agent-replies.js';

/** The ids the seeded store holds. */
export const MULTI = {
  parent: 'run-lead',
  subRun: 'run-lead/call_research',
  handoff: 'run-triage',
} as const;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const model = 'mimo-v2.6-pro';

/** Runs the two multi-agent runs and saves them (and the sub-run) in `checkpoint`. */
export async function seedMultiAgent(checkpoint: CheckpointStore<RunState>): Promise<void> {
  const server = await startTestServer({ strict: true });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  // Durations give the timeline something to draw; nothing asserts on them.
  const search = tool({
    name: 'search',
    description: 'Searches the docs',
    parameters: z.object({ q: z.string() }),
    execute: async ({ q }) => {
      await pause(30);
      return { q, hits: 3 };
    },
  });
  const weather = tool({
    name: 'get_weather',
    description: 'Current weather',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      await pause(20);
      return { city, tempC: 15 };
    },
  });
  const researcher: Agent = { name: 'researcher', model, instructions: 'R', tools: [search] };
  const lead: Agent = {
    name: 'lead',
    model,
    instructions: 'L',
    tools: [
      agentTool(researcher, { name: 'research', description: 'Ask the researcher', keepCheckpoint: true }),
      weather,
    ],
  };
  const billing: Agent = { name: 'billing', model, instructions: 'B' };
  const triage: Agent = { name: 'triage', model, instructions: 'T', handoffs: [billing] };
  const prices = { [model]: { inputPerMTok: 1, cachedInputPerMTok: 0.2, outputPerMTok: 3 } };
  try {
    scriptByInstructions(server, {
      L: [
        {
          calls: [
            { name: 'research', arguments: { input: 'Find the refund rules' }, callId: 'call_research' },
            { name: 'get_weather', arguments: { city: 'Oslo' }, callId: 'call_weather' },
          ],
        },
        { text: 'Refunds within 30 days; Oslo is 15 °C.' },
      ],
      R: [
        {
          calls: [
            { name: 'search', arguments: { q: 'refund' }, callId: 'call_s1' },
            { name: 'search', arguments: { q: 'returns' }, callId: 'call_s2' },
          ],
        },
        { text: 'Refunds are accepted within 30 days.' },
      ],
    });
    await run({
      client,
      agent: lead,
      input: 'Refund rules, and the weather in Oslo?',
      runId: MULTI.parent,
      checkpoint,
      prices,
    });
    scriptByInstructions(server, {
      T: [{ calls: [{ name: 'transfer_to_billing', arguments: {}, callId: 'call_handoff' }] }],
      B: [{ text: 'Billing here: your invoice is paid.' }],
    });
    await run({
      client,
      agent: triage,
      input: 'Is my invoice paid?',
      runId: MULTI.handoff,
      checkpoint,
      prices,
    });
  } finally {
    await client.close();
    await server.close();
  }
}
