// docs/mcp.md: an MCP server (written with the official SDK) that deduplicates repeated calls.
import { IDEMPOTENCY_META_KEY } from '@mimo-agents/mcp';
import { type CallToolResult, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

const done = new Map<string, CallToolResult>();

/** A server whose `orders.create` runs once per idempotency key. */
export function createOrderServer(): McpServer {
  const server = new McpServer({ name: 'orders', version: '1.0.0' });
  server.registerTool(
    'orders.create',
    { description: 'Create an order', inputSchema: z.object({ sku: z.string(), qty: z.number().int() }) },
    async ({ sku, qty }, ctx) => {
      const key = ctx.mcpReq._meta?.[IDEMPOTENCY_META_KEY];
      const previous = typeof key === 'string' ? done.get(key) : undefined;
      if (previous !== undefined) return previous; // a resumed run asked again: same answer, no new order
      const result: CallToolResult = { content: [{ type: 'text', text: `ordered ${qty} × ${sku}` }] };
      if (typeof key === 'string') done.set(key, result);
      return result;
    },
  );
  return server;
}
