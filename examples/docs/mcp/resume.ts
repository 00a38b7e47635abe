// docs/mcp.md: a durable run whose tools come from an MCP server.
import type { MimoClient } from '@mimo-agents/core';
import { connectMcpServer, type McpTransportOptions } from '@mimo-agents/mcp';
import { type CheckpointStore, type RunResult, type RunState, resume } from '@mimo-agents/runner';

/** Resumes a checkpointed run after a restart: connect again, then resume with the same agent. */
export async function resumeWithCrm(
  client: MimoClient,
  checkpoint: CheckpointStore<RunState>,
  runId: string,
  transport: McpTransportOptions,
): Promise<RunResult> {
  const crm = await connectMcpServer({ name: 'crm', transport });
  try {
    const agent = { name: 'sales', model: 'mimo-v2.6-pro', tools: await crm.tools() };
    return await resume({ client, agent, runId, checkpoint });
  } finally {
    await crm.close();
  }
}
