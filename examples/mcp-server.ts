// A small MCP server over stdio, written with the official SDK: a demo CRM with dotted tool names
// (which MiMo would refuse as function names). examples/mcp.ts starts it as a child process.
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

const customers = [
  { id: 1, name: 'Acme', plan: 'enterprise', openTickets: 2 },
  { id: 2, name: 'Globex', plan: 'starter', openTickets: 0 },
];

const server = new McpServer({ name: 'demo-crm', version: '1.0.0' });

server.registerTool(
  'customers.find',
  {
    description: 'Find a customer by (part of) their name',
    inputSchema: z.object({ name: z.string().describe('Customer name, e.g. "Acme"') }),
  },
  async ({ name }) => {
    const found = customers.filter((c) => c.name.toLowerCase().includes(name.toLowerCase()));
    const result = { customers: found.length > 0 ? found : customers };
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
  },
);

server.registerTool(
  'customers.delete',
  { description: 'Delete a customer', inputSchema: z.object({ id: z.number().int() }) },
  async () => ({ isError: true, content: [{ type: 'text', text: 'deleting customers is disabled' }] }),
);

await server.connect(new StdioServerTransport());
