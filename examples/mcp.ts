// An agent using the tools of a local MCP server (examples/mcp-server.ts, started over stdio).
// Run: pnpm exec tsx --conditions=@mimo-agents/source examples/mcp.ts
import { fileURLToPath } from 'node:url';
import type { MimoClient } from '@mimo-agents/core';
import { connectMcpServer } from '@mimo-agents/mcp';
import { type Agent, type RunResult, run } from '@mimo-agents/runner';
import { connect } from './connect.js';

/** Asks the CRM agent about a customer; the MCP server runs while the agent does. */
export async function main(client: MimoClient, { print = console.log } = {}): Promise<RunResult> {
  const crm = await connectMcpServer({
    name: 'crm',
    transport: {
      type: 'stdio',
      command: process.execPath,
      args: [
        '--import',
        import.meta.resolve('tsx'),
        fileURLToPath(new URL('./mcp-server.ts', import.meta.url)),
      ],
    },
    // Read-only: the agent never gets the delete tool.
    filter: { deny: ['customers.delete'] },
    timeoutMs: 10_000,
  });
  try {
    const tools = await crm.tools();
    print(`tools: ${tools.map((t) => `${t.name} (MCP "${crm.mcpName(t.name)}")`).join(', ')}`);
    const agent: Agent = {
      name: 'crm',
      model: 'mimo-v2.6-pro',
      instructions: 'Answer questions about customers with the CRM tools.',
      tools,
    };
    const result = await run({ client, agent, input: 'Acme' });
    print(result.finalOutput ?? '(no answer)');
    return result;
  } finally {
    await crm.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { client, close } = await connect();
  try {
    await main(client);
  } finally {
    await close();
  }
}
