import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AnyTool, executeTool } from '@mimo-agents/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { McpError } from '../errors/mcp-error.js';
import { fixtureEvents } from '../test-support/fixture-events.js';
import { stdioFixture } from '../test-support/stdio-command.js';
import { connectMcpServer, IDEMPOTENCY_META_KEY, type McpConnection } from './mcp-connection.js';
import type { ConnectMcpServerOptions } from './mcp-server-options.js';

const open: McpConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

async function connect(options: Partial<ConnectMcpServerOptions> = {}): Promise<McpConnection> {
  const connection = await connectMcpServer({ name: 'fx', transport: stdioFixture(), ...options });
  open.push(connection);
  return connection;
}

function byName(tools: AnyTool[], name: string | undefined): AnyTool {
  const found = tools.find((tool) => tool.name === name);
  if (found === undefined) throw new Error(`no tool ${name} in ${tools.map((t) => t.name).join(', ')}`);
  return found;
}

const call = (name: string, args: unknown = {}) => ({ callId: 'c1', name, arguments: JSON.stringify(args) });

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function serverPid(connection: McpConnection): Promise<number> {
  const result = await connection.callTool('pid', {});
  const first = result.content?.[0];
  return Number(first?.type === 'text' ? first.text : Number.NaN);
}

describe('MCP over stdio (a real fixture server in a child process)', () => {
  it('lists the tools with valid, unique names and calls them by their original names', async () => {
    const connection = await connect();
    const tools = await connection.tools();
    const names = tools.map((tool) => tool.name);
    expect(names).toContain('fx_echo');
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(new Set(names).size).toBe(names.length);
    // `crm.search` and `crm/search` both become fx_crm_search: each gets a hash of its own name.
    const dotted = connection.functionName('crm.search');
    const slashed = connection.functionName('crm/search');
    expect(dotted).toMatch(/^fx_crm_search_[0-9a-f]{6}$/);
    expect(slashed).toMatch(/^fx_crm_search_[0-9a-f]{6}$/);
    expect(dotted).not.toBe(slashed);
    expect(connection.mcpName(dotted ?? '')).toBe('crm.search');
    expect(byName(tools, dotted).definition).toMatchObject({ strict: true, description: 'Search the CRM' });

    const outcome = await executeTool({
      tool: byName(tools, dotted),
      call: call(dotted ?? '', { query: 'acme', limit: null }),
      idempotencyKey: 'run-1:c1',
    });
    // structuredContent equal to the text block is sent once.
    expect(outcome).toMatchObject({ type: 'ok', output: '{"results":[{"id":1,"name":"match for acme"}]}' });
    const seen = (await fixtureEvents(connection)).find((event) => event.name === 'crm.search');
    // Strict mode's null for the optional `limit` was removed before the call; the key reached the server.
    expect(seen?.arguments).toEqual({ query: 'acme' });
    expect(seen?.meta).toMatchObject({ [IDEMPOTENCY_META_KEY]: 'run-1:c1' });
  });

  it('validates arguments against the schema before calling the server', async () => {
    const connection = await connect();
    const tools = await connection.tools();
    const outcome = await executeTool({
      tool: byName(tools, 'fx_echo'),
      call: call('fx_echo', { text: 42 }),
    });
    expect(outcome).toMatchObject({ type: 'error', kind: 'invalid_arguments' });
    expect(outcome.output).toContain('text');
    expect((await fixtureEvents(connection)).filter((event) => event.name === 'echo')).toEqual([]);
  });

  it('turns an isError result into an error output the model can read', async () => {
    const connection = await connect();
    const outcome = await executeTool({
      tool: byName(await connection.tools(), 'fx_fail'),
      call: call('fx_fail'),
    });
    expect(outcome).toMatchObject({ type: 'error', kind: 'thrown' });
    expect(outcome.output).toBe('Error: tool "fx_fail" failed: record 42 is locked');
  });

  it('describes images and resources in the output, and caps long outputs', async () => {
    const connection = await connect({ maxOutputChars: 200 });
    const tools = await connection.tools();
    const picture = await executeTool({ tool: byName(tools, 'fx_picture'), call: call('fx_picture') });
    expect(picture.output).toBe(
      [
        'A chart:',
        '[image: image/png, 9 bytes, not shown]',
        '[resource link: file:///reports/q3.pdf (q3.pdf), application/pdf]',
        '[resource memo://1]',
        'memo text',
      ].join('\n'),
    );
    const big = await executeTool({ tool: byName(tools, 'fx_big'), call: call('fx_big', { size: 5000 }) });
    expect(big.output).toBe(`${'x'.repeat(200)}…[truncated 4800 chars]`);
  });

  it('a timeout reaches the server as MCP cancellation', async () => {
    const connection = await connect();
    const slow = byName(await connection.tools(), 'fx_slow');
    const outcome = await executeTool({ tool: slow, call: call('fx_slow'), timeoutMs: 200 });
    expect(outcome).toMatchObject({ type: 'error', kind: 'timeout' });
    const events = await fixtureEvents(connection, 'cancelled');
    expect(events).toContainEqual(expect.objectContaining({ kind: 'cancelled', name: 'slow' }));
  });

  it('an abort reaches the server as MCP cancellation', async () => {
    const connection = await connect();
    const slow = byName(await connection.tools(), 'fx_slow');
    const controller = new AbortController();
    const pending = executeTool({ tool: slow, call: call('fx_slow'), signal: controller.signal });
    // Abort once the server has the call, so the cancellation has something to cancel.
    await fixtureEvents(connection, 'called');
    controller.abort(new Error('user pressed stop'));
    expect(await pending).toMatchObject({ type: 'error', kind: 'aborted' });
    const events = await fixtureEvents(connection, 'cancelled');
    expect(events.find((event) => event.kind === 'cancelled')?.reason).toContain('user pressed stop');
  });

  it('restarts a server that died on the next call', async () => {
    const connection = await connect();
    const tools = await connection.tools();
    const firstPid = await serverPid(connection);
    const crash = await executeTool({ tool: byName(tools, 'fx_crash'), call: call('fx_crash') });
    expect(crash).toMatchObject({ type: 'error', kind: 'thrown' });
    expect(crash.output).toContain('MCP server "fx" could not run tool "crash"');
    const echo = await executeTool({
      tool: byName(tools, 'fx_echo'),
      call: call('fx_echo', { text: 'again' }),
    });
    expect(echo).toMatchObject({ type: 'ok', output: 'echo: again' });
    expect(connection.sessionsOpened).toBe(2);
    expect(await serverPid(connection)).not.toBe(firstPid);
    expect(alive(firstPid)).toBe(false);
  });

  it("says clearly, in the call's output, when a dead server cannot be restarted", async () => {
    const marker = join(await mkdtemp(join(tmpdir(), 'mcp-once-')), 'started');
    const connection = await connect({ transport: stdioFixture({ MCP_FIXTURE_ONCE: marker }) });
    const tools = await connection.tools();
    await executeTool({ tool: byName(tools, 'fx_crash'), call: call('fx_crash') });
    const echo = await executeTool({ tool: byName(tools, 'fx_echo'), call: call('fx_echo', { text: 'x' }) });
    expect(echo).toMatchObject({ type: 'error', kind: 'thrown' });
    expect(echo.output).toMatch(
      /MCP server "fx" could not be restarted \(.+\)\. Fix: check that transport\.command/,
    );
    await rm(dirname(marker), { recursive: true, force: true });
  });

  it('says clearly when a server cannot be started', async () => {
    const error = await connectMcpServer({
      name: 'ghost',
      transport: { type: 'stdio', command: '/nonexistent/mcp-server', stderr: 'ignore' },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: 'mcp_connect_failed', server: 'ghost' });
    expect((error as McpError).message).toMatch(
      /MCP server "ghost" could not be reached .* Fix: check that transport.command/,
    );
  });

  it('refreshes the cached list after notifications/tools/list_changed', async () => {
    let changes = 0;
    const connection = await connect({ onToolsChanged: () => changes++ });
    const before = await connection.tools();
    expect(await connection.tools()).toEqual(before);
    expect(before.map((tool) => tool.name)).not.toContain('fx_late_tool');
    await connection.callTool('add_tool', {});
    // The notification is written before the call's answer on the same pipe.
    expect(changes).toBe(1);
    const after = await connection.tools();
    expect(after.map((tool) => tool.name)).toContain('fx_late_tool');
    const late = await executeTool({ tool: byName(after, 'fx_late_tool'), call: call('fx_late_tool') });
    expect(late).toMatchObject({ type: 'ok', output: 'late' });
  });

  it('filters tools by allow/deny lists or a predicate, by their MCP names', async () => {
    const allowed = await connect({ filter: { allow: ['echo', 'crm.search'], deny: ['crm.search'] } });
    expect((await allowed.tools()).map((tool) => tool.name)).toEqual(['fx_echo']);
    const predicate = await connect({ prefix: '', filter: (tool) => tool.name.startsWith('crm') });
    const names = (await predicate.tools()).map((tool) => tool.name);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^crm_search_[0-9a-f]{6}$/);
  });

  it('close() ends the child process and later calls fail with a clear error', async () => {
    const connection = await connect({ transport: stdioFixture({ MCP_FIXTURE_LINGER: '1' }) });
    const pid = await serverPid(connection);
    expect(alive(pid)).toBe(true);
    await connection.close();
    expect(alive(pid)).toBe(false);
    const error = await connection.callTool('echo', { text: 'x' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'mcp_closed', server: 'fx' });
  });
});
