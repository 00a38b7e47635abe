import type { Agent } from '../agent.js';
import { agentTool } from '../agents/agent-tool.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import type { RunState } from '../run-state.js';
import { startHarness } from './harness.js';
import { refundTools } from './refund-tools.js';
import { scriptTeam, type TeamPlan } from './team-replies.js';

const model = 'mimo-v2.6-pro';

/** Test-only: alpha's first call, a refund that needs approval. */
export const refundCall = { name: 'refund', arguments: { orderId: 'A-1', amount: 40 }, callId: 'call_r' };
/** Test-only: the lead's call of its agent tool. */
export const askAlpha = { name: 'ask_alpha', arguments: { input: 'refund A-1' }, callId: 'call_a' };

/**
 * Test-only: lead → ask_alpha (an agentTool) → alpha, whose `refund` needs approval; `lookup` is the
 * lead's own tool. The server answers as `teamReply(plan)`; runs are saved in a memory store.
 */
export async function approvalTeam(plan: TeamPlan) {
  const harness = await startHarness();
  const tools = refundTools();
  const alpha: Agent = { name: 'alpha', model, instructions: 'A', tools: [tools.refund] };
  const lead: Agent = {
    name: 'lead',
    model,
    instructions: 'P',
    tools: [agentTool(alpha, { name: 'ask_alpha', description: 'Ask alpha' }), tools.lookup],
  };
  scriptTeam(harness.server, plan);
  const checkpoint = createMemoryCheckpointStore<RunState>();
  return { ...harness, ...tools, alpha, lead, checkpoint };
}
