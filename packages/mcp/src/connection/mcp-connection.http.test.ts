import { type AnyTool, executeTool } from '@mimo-agents/tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { McpError } from '../errors/mcp-error.js';
import { FIXTURE_TOKEN, type HttpFixture, startHttpFixture } from '../test-support/http-fixture.js';
import { connectMcpServer, IDEMPOTENCY_META_KEY, type McpConnection } from './mcp-connection.js';
import type { ConnectMcpServerOptions } from './mcp-server-options.js';

let fixture: HttpFixture;
const open: McpConnection[] = [];
beforeEach(async () => {
  fixture = await startHttpFixture();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
  await fixture.close();
});

async function connect(options: Partial<ConnectMcpServerOptions> = {}): Promise<McpConnection> {
  const connection = await connectMcpServer({
    ...options,
    name: 'crm',
    transport: { type: 'http', url: fixture.url, headers: { authorization: `Bearer ${FIXTURE_TOKEN}` } },
  });
  open.push(connection);
  return connection;
}

function byName(tools: AnyTool[], name: string | undefined): AnyTool {
  const found = tools.find((tool) => tool.name === name);
  if (found === undefined) throw new Error(`no tool ${name} in ${tools.map((t) => t.name).join(', ')}`);
  return found;
}

const call = (name: string, args: unknown = {}) => ({ callId: 'c1', name, arguments: JSON.stringify(args) });

describe('MCP over Streamable HTTP (a real fixture server on loopback)', () => {
  it('sends the auth headers, lists and calls a dotted name with the original name and the idempotency key', async () => {
    const connection = await connect();
    const tools = await connection.tools();
    const dotted = connection.functionName('crm.search');
    const outcome = await executeTool({
      tool: byName(tools, dotted),
      call: call(dotted ?? '', { query: 'acme', limit: 2 }),
      idempotencyKey: 'run-9:c1',
    });
    expect(outcome).toMatchObject({ type: 'ok', output: '{"results":[{"id":1,"name":"match for acme"}]}' });
    const seen = fixture.state.events.find((event) => event.name === 'crm.search');
    expect(seen).toMatchObject({
      arguments: { query: 'acme', limit: 2 },
      meta: { [IDEMPOTENCY_META_KEY]: 'run-9:c1' },
    });
    expect(fixture.requests.every((request) => request.status !== 401)).toBe(true);
  });

  it('refuses to connect without the right token, with an McpError naming the fix', async () => {
    const error = await connectMcpServer({
      name: 'crm',
      transport: { type: 'http', url: fixture.url },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: 'mcp_connect_failed' });
    expect((error as McpError).message).toContain('Fix: check transport.url');
    expect(fixture.requests.map((request) => request.status)).toContain(401);
  });

  it('re-initialises an expired session (HTTP 404) and retries the call once', async () => {
    const connection = await connect();
    const tools = await connection.tools();
    await fixture.expireSessions();
    const outcome = await executeTool({
      tool: byName(tools, 'crm_echo'),
      call: call('crm_echo', { text: 'hi' }),
    });
    expect(outcome).toMatchObject({ type: 'ok', output: 'echo: hi' });
    // The fault fired: a request with the old session got 404, then a second session was created.
    expect(fixture.requests.some((request) => request.status === 404)).toBe(true);
    expect(fixture.sessionsCreated()).toBe(2);
    expect(connection.sessionsOpened).toBe(2);
    // The call ran once, on the new session.
    expect(fixture.state.events.filter((event) => event.name === 'echo')).toHaveLength(1);
  });

  it('a timeout and an abort reach the server as MCP cancellation', async () => {
    const connection = await connect();
    const slow = byName(await connection.tools(), 'crm_slow');
    const timedOut = await executeTool({ tool: slow, call: call('crm_slow'), timeoutMs: 200 });
    expect(timedOut).toMatchObject({ type: 'error', kind: 'timeout' });
    await waitUntil(() => fixture.state.events.some((event) => event.kind === 'cancelled'));
    expect(fixture.state.events.filter((event) => event.kind === 'cancelled')).toHaveLength(1);

    const controller = new AbortController();
    const pending = executeTool({ tool: slow, call: call('crm_slow'), signal: controller.signal });
    await waitUntil(
      () =>
        fixture.state.events.filter((event) => event.name === 'slow' && event.kind === 'called').length === 2,
    );
    controller.abort(new Error('stop now'));
    expect(await pending).toMatchObject({ type: 'error', kind: 'aborted' });
    await waitUntil(() => fixture.state.events.filter((event) => event.kind === 'cancelled').length === 2);
    expect(fixture.state.events.at(-1)?.reason).toContain('stop now');
  });

  it('refreshes the tool list when the server announces a change', async () => {
    let changed: () => void = () => {};
    const change = new Promise<void>((resolve) => {
      changed = resolve;
    });
    const connection = await connect({ onToolsChanged: () => changed() });
    expect((await connection.tools()).map((tool) => tool.name)).not.toContain('crm_late_tool');
    await connection.callTool('add_tool', {});
    // The notification arrives on the session's standalone SSE stream.
    await change;
    expect((await connection.tools()).map((tool) => tool.name)).toContain('crm_late_tool');
  });

  it('a call the server refuses with a JSON-RPC error is an McpError that is not retryable', async () => {
    const connection = await connect();
    const error = await connection.callTool('explode', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({
      code: 'mcp_call_failed',
      server: 'crm',
      tool: 'explode',
      retryable: false,
    });
    expect((error as McpError).message).toContain('the fixture refuses this call');
  });

  it('close() terminates the session on the server', async () => {
    const connection = await connect();
    await connection.tools();
    await connection.close();
    expect(fixture.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 200 });
  });
});

/** Polls a condition on the event loop (no fixed sleeps); the test timeout bounds it. */
async function waitUntil(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}
