import type { AnyTool } from '@mimo-agents/tools';
import { executeTool } from '@mimo-agents/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { stdioFixture } from '../test-support/stdio-command.js';
import { connectMcpServer, IDEMPOTENCY_META_KEY, type McpConnection } from './mcp-connection.js';

const open: McpConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

async function connect(env: Record<string, string> = {}): Promise<McpConnection> {
  const connection = await connectMcpServer({ name: 'fx', transport: stdioFixture(env) });
  open.push(connection);
  return connection;
}

const byName = (tools: AnyTool[], name: string): AnyTool => {
  const found = tools.find((tool) => tool.name === name);
  if (found === undefined) throw new Error(`no tool ${name} in ${tools.map((t) => t.name).join(', ')}`);
  return found;
};

describe('MCP over stdio (a real fixture server in a child process)', () => {
  it('lists the tools with valid, unique names and calls them by their original names', async () => {
    const connection = await connect();
    const tools = await connection.tools();
    const names = tools.map((tool) => tool.name);
    expect(names).toContain('fx_echo');
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(new Set(names).size).toBe(names.length);
    const dotted = connection.functionName('crm.search');
    const slashed = connection.functionName('crm/search');
    expect(dotted).toMatch(/^fx_crm_search_[0-9a-f]{6}$/);
    expect(slashed).toMatch(/^fx_crm_search_[0-9a-f]{6}$/);
    expect(dotted).not.toBe(slashed);
    expect(connection.mcpName(dotted ?? '')).toBe('crm.search');

    const outcome = await executeTool({
      tool: byName(tools, dotted ?? ''),
      call: { callId: 'c1', name: dotted ?? '', arguments: '{"query":"acme","limit":null}' },
      idempotencyKey: 'run-1:c1',
    });
    expect(outcome).toMatchObject({ type: 'ok', output: '{"results":[{"id":1,"name":"match for acme"}]}' });
    const events = JSON.parse(
      String((await connection.callTool('events', {})).content?.[0]?.type === 'text' ? ((await connection.callTool('events', {})).content?.[0] as { text: string }).text : '[]'),
    ) as Array<{ name: string; arguments: unknown; meta: Record<string, unknown> }>;
    const call = events.find((event) => event.name === 'crm.search');
    // Strict mode's null for the optional `limit` was removed before the call; the key reached the server.
    expect(call?.arguments).toEqual({ query: 'acme' });
    expect(call?.meta[IDEMPOTENCY_META_KEY]).toBe('run-1:c1');
  });
});
