// docs/mcp.md: a remote MCP server over Streamable HTTP, with auth, a filter and limits.
import { connectMcpServer, type McpConnection } from '@mimo-agents/mcp';

/** Connects to the CRM's MCP endpoint with a bearer token; only read tools are exposed. */
export async function connectCrm(token: string): Promise<McpConnection> {
  return connectMcpServer({
    name: 'crm',
    transport: {
      type: 'http',
      url: 'https://crm.example.com/mcp',
      headers: { authorization: `Bearer ${token}` },
    },
    filter: (tool) => tool.name.startsWith('crm.search') || tool.name === 'crm.get',
    timeoutMs: 20_000, // per call; on expiry the server gets notifications/cancelled
    maxOutputChars: 20_000, // longer outputs end with …[truncated N chars]
    onToolsChanged: () => console.log('crm tools changed; the next tools() lists again'),
    onToolSkipped: ({ name, reason }) => console.warn(`crm tool ${name} left out: ${reason}`),
  });
}
