// The docs' snippets that are functions, run against the local server: what the docs show works.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type MimoClient } from '@mimo-agents/core';
import { IDEMPOTENCY_META_KEY } from '@mimo-agents/mcp';
import { type Agent, createFileCheckpointStore, type RunState, streamRun } from '@mimo-agents/runner';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { pauseThenApprove } from './approvals/pause-resume.js';
import { resumeSigned } from './approvals/signed.js';
import { withRetries } from './client/retry-by-hand.js';
import { createOrderServer } from './mcp/dedupe-server.js';
import { approveInsideAgentTool } from './multi-agent/approvals.js';
import { followUp } from './runner/follow-up.js';
import { logToolCalls } from './streaming/tool-log.js';
import { checkConcurrency } from './testing/concurrency.js';

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 18 }),
});
const agent: Agent = { name: 'weather', model: 'mimo-v2.6-pro', tools: [getWeather] };

let server: TestServer;
let client: MimoClient;

beforeEach(async () => {
  server = await startTestServer({ strict: true, demoModel: true });
  client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await client.close();
  await server.close();
});

it('runner.md: the follow-up run resends the first run and adds only its own items', async () => {
  const second = await followUp(client, agent);
  expect(second.status).toBe('completed');
  expect(second.newItems.length).toBeGreaterThan(0);
  expect(second.history.length).toBeGreaterThan(second.newItems.length);
  const last = server.calls.at(-1)?.body as { input: { content?: unknown }[] };
  expect(last.input[0]).toEqual({ role: 'user', content: 'Weather in Paris?' });
  expect(last.input).toContainEqual({ role: 'user', content: 'And Rome?' });
});

it('streaming.md: one line per tool call, with its arguments and outcome', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  await logToolCalls(streamRun({ client, agent, input: 'Weather in Paris?' }));
  expect(log).toHaveBeenCalledTimes(1);
  expect(String(log.mock.calls[0]?.[0])).toMatch(/^✓ get_weather \{"city":"Paris"\} \(\d+(\.\d+)? ms\)$/);
});

it('client.md: a stream cut mid-way is retried whole by hand, with the client policy', async () => {
  server.reply.demo({ fault: { type: 'drop-after-events', events: 3 } }).demo();
  const body = { model: 'mimo-v2.6-pro', input: 'Say hello.' };
  const response = await withRetries(client, body, (stream) => stream.finalResponse());
  expect(response.status).toBe('completed');
  expect(server.calls).toHaveLength(2);
  expect(server.calls[0]?.faults).toHaveLength(1);
});

it('testing.md: a client limited to two streams never has more than two in flight', async () => {
  await checkConcurrency(server, { model: 'mimo-v2.6-pro', input: 'Hi' });
  expect(server.calls).toHaveLength(6);
});

it('mcp.md: the order server answers a repeated idempotency key with the first result', async () => {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createOrderServer();
  await server.connect(serverSide);
  const mcp = new Client({ name: 'docs-test', version: '1.0.0' });
  await mcp.connect(clientSide);
  const order = (key: string, qty: number) =>
    mcp.callTool({
      name: 'orders.create',
      arguments: { sku: 'A1', qty },
      _meta: { [IDEMPOTENCY_META_KEY]: key },
    });
  const first = await order('run-1:call_1', 2);
  const again = await order('run-1:call_1', 5);
  const other = await order('run-1:call_2', 5);
  expect(first.content).toEqual([{ type: 'text', text: 'ordered 2 × A1' }]);
  expect(again.content).toEqual(first.content);
  expect(other.content).toEqual([{ type: 'text', text: 'ordered 5 × A1' }]);
  await mcp.close();
  await server.close();
});

it('approvals.md: the run pauses on the refund, then the approved call runs once', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const directory = await mkdtemp(join(tmpdir(), 'mimo-docs-approvals-'));
  try {
    const { paused, result } = await pauseThenApprove(client, directory);
    expect(paused.status).toBe('interrupted');
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[1]).toBe('refund_order');
    expect(result.status).toBe('completed');
    expect(result.turns[0]?.toolCalls[0]).toMatchObject({
      outcome: 'ok',
      approval: { decision: 'approved' },
    });
    expect(result.turns[0]?.toolCalls[0]?.output).toContain('"key":"refund-1001:');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

it('multi-agent.md: an approval inside an agent tool pauses the parent, and the parent resumes it', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const directory = await mkdtemp(join(tmpdir(), 'mimo-docs-nested-approvals-'));
  try {
    const { paused, result, refunds } = await approveInsideAgentTool(client, directory);
    expect(paused.status).toBe('interrupted');
    expect(paused.interruptions).toHaveLength(1);
    expect(paused.interruptions?.[0]?.runId).toMatch(/^ticket-7\//);
    expect(log.mock.calls[0]?.[0]).toBe('triage > billing: refund_order');
    expect(result.status).toBe('completed');
    expect(refunds()).toBe(1);
    // The sub-run's answer, which quotes the refund, is the agent tool's output.
    expect(result.turns[0]?.toolCalls[0]?.output).toContain('refunded');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

it('approvals.md: a signed decision runs; an edited one is refused with ApprovalError', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const directory = await mkdtemp(join(tmpdir(), 'mimo-docs-approvals-'));
  try {
    const checkpoint = createFileCheckpointStore<RunState>({ directory });
    const refund = tool({
      name: 'refund_order',
      description: 'Refunds an order',
      parameters: z.object({ orderId: z.string() }),
      needsApproval: true,
      execute: async () => 'refunded',
    });
    const refundAgent: Agent = { name: 'refunds', model: 'mimo-v2.6-pro', tools: [refund] };
    const { run } = await import('@mimo-agents/runner');
    const paused = await run({ client, agent: refundAgent, input: 'Refund ORD-1', runId: 'r-1', checkpoint });
    const request = paused.interruptions?.[0];
    if (request === undefined) throw new Error('no interruption');
    const secret = randomBytes(32);
    await expect(
      resumeSigned(client, refundAgent, checkpoint, { ...request, toolName: 'other' }, secret),
    ).rejects.toMatchObject({ code: 'approval_tool_mismatch' });
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^refused \(approval_tool_mismatch\): /);
    const result = await resumeSigned(client, refundAgent, checkpoint, request, secret);
    expect(result.status).toBe('completed');
    expect(result.turns[0]?.toolCalls[0]?.output).toBe('refunded');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
