// docs/mcp.md: from MCP names to function names and back.
import type { McpConnection } from '@mimo-agents/mcp';

/** Prints how the server's tool names appear to the model. */
export async function printNames(crm: McpConnection): Promise<void> {
  for (const tool of await crm.tools()) {
    console.log(`${tool.name} → MCP "${crm.mcpName(tool.name)}" (strict: ${tool.strict})`);
  }
  // crm_crm_search → MCP "crm.search" (strict: true)
}
