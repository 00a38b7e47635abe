import { createClient, type MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  createMemoryCheckpointStore,
  RunAbortedError,
  resume,
  run,
  streamRun,
} from '@mimo-agents/runner';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcpServer, IDEMPOTENCY_META_KEY, type McpConnection } from './connection/mcp-connection.js';
import { fixtureEvents } from './test-support/fixture-events.js';
import { stdioFixture } from './test-support/stdio-command.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(): Promise<{ server: TestServer; client: MimoClient }> {
  const server = await startTestServer({ strict: true });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  cleanups.push(async () => {
    await client.close();
    await server.close();
  });
  return { server, client };
}

async function connect(): Promise<McpConnection> {
  const connection = await connectMcpServer({ name: 'crm', transport: stdioFixture() });
  cleanups.push(() => connection.close());
  return connection;
}

describe('an agent run with MCP tools, against the local MiMo server and a real MCP server', () => {
  it('the model calls the mapped name; the server gets the original name; the output reaches the history', async () => {
    const { server, client } = await harness();
    const crm = await connect();
    const tools = await crm.tools();
    const search = crm.functionName('crm.search') ?? '';
    const agent: Agent = { name: 'sales', model: 'mimo-v2.6-pro', instructions: 'Use the CRM.', tools };
    server.reply.functionCalls([{ name: search, arguments: { query: 'acme', limit: null } }]);
    server.reply.text('Acme is customer 1.');

    const result = await run({ client, agent, input: 'Who is Acme?' });

    expect(result.finalOutput).toBe('Acme is customer 1.');
    expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
    // The strict local server accepted every tool definition, including the mapped dotted names.
    const sent = server.calls[0]?.body as { tools: Array<{ name: string; strict: boolean }> };
    expect(sent.tools.map((tool) => tool.name)).toContain(search);
    const seen = (await fixtureEvents(crm)).filter((event) => event.name === 'crm.search');
    expect(seen).toHaveLength(1);
    const callId = result.history.find((item) => item.type === 'function_call')?.call_id;
    expect(seen[0]?.meta).toMatchObject({ [IDEMPOTENCY_META_KEY]: `${result.runId}:${callId}` });
    expect(result.history.find((item) => item.type === 'function_call_output')).toMatchObject({
      call_id: callId,
      output: '{"results":[{"id":1,"name":"match for acme"}]}',
    });
  });

  it('a resumed run reconnects to a new server process and does not repeat a call that has an output', async () => {
    const { server, client } = await harness();
    const checkpoint = createMemoryCheckpointStore();
    const first = await connect();
    const agentWith = async (crm: McpConnection): Promise<Agent> => ({
      name: 'sales',
      model: 'mimo-v2.6-pro',
      tools: await crm.tools(),
    });
    server.reply.functionCalls([{ name: 'crm_echo', arguments: { text: 'one' } }]);
    server.reply.functionCalls([{ name: 'crm_echo', arguments: { text: 'two' } }]);
    server.reply.text('done');

    // The host stops the run after the first call's output was saved (as if it had shut down).
    const controller = new AbortController();
    const stream = streamRun({
      client,
      agent: await agentWith(first),
      input: 'Echo twice.',
      runId: 'run-mcp',
      checkpoint,
      signal: controller.signal,
    });
    await expect(async () => {
      for await (const event of stream) if (event.type === 'tool.completed') controller.abort();
    }).rejects.toBeInstanceOf(RunAbortedError);
    expect((await fixtureEvents(first)).filter((event) => event.name === 'echo')).toHaveLength(1);
    await first.close();

    const second = await connect();
    const result = await resume({ client, agent: await agentWith(second), runId: 'run-mcp', checkpoint });
    expect(result.finalOutput).toBe('done');
    const outputs = result.history
      .filter((item) => item.type === 'function_call_output')
      .map((item) => item.output);
    expect(outputs).toEqual(['echo: one', 'echo: two']);
    // The new server process saw only the second call.
    const echoes = (await fixtureEvents(second)).filter((event) => event.name === 'echo');
    expect(echoes.map((event) => event.arguments)).toEqual([{ text: 'two' }]);
  });
});
