import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@mimo-agents/core';
import { createAgentWorker, enqueueAgentRun, workerCheckpointPrefix } from '@mimo-agents/jobs';
import { type Agent, agentTool } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { Queue, QueueEvents } from 'bullmq';
import { expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { startRedis } from '../../jobs/src/test-support/start-redis.js';
import { readLedger } from '../../jobs/src/test-support/step-agent.js';
import { scriptByInstructions } from '../../runner/src/test-support/agent-replies.js';
import { createQueueApprovals } from './server/queue-approvals.js';
import { startInspector } from './server/start-inspector.js';
import { createRedisRunSource } from './source/redis-run-source.js';
import { openBrowser, screenshot } from './test-support/open-browser.js';

const model = 'mimo-v2.6-pro';

it("approves a sub-agent's call from the parent's page; the worker resumes the parent, which resumes the sub-run, on real Redis", async () => {
  const redis = await startRedis();
  onTestFinished(() => redis.stop());
  const server = await startTestServer({ strict: true });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const directory = await mkdtemp(join(tmpdir(), 'inspector-sub-run-approvals-'));
  const ledger = join(directory, 'ledger.jsonl');
  const name = `inspector-sub-run-approvals-${process.pid}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  // The sub-agent's tool needs a person; each execution is a line in the ledger.
  const refundOrder = tool({
    name: 'refund_order',
    description: 'Refunds an order',
    parameters: z.object({ orderId: z.string(), amountEur: z.number() }),
    needsApproval: true,
    execute: ({ orderId, amountEur }, ctx) => {
      appendFileSync(ledger, `${JSON.stringify({ key: ctx.idempotencyKey, orderId, amountEur })}\n`);
      return `refunded ${amountEur} EUR on ${orderId}`;
    },
  });
  const billing: Agent = { name: 'billing', model, instructions: 'B', tools: [refundOrder] };
  const triage: Agent = {
    name: 'triage',
    model,
    instructions: 'T',
    tools: [agentTool(billing, { name: 'ask_billing', description: 'Ask the billing agent' })],
  };
  const worker = createAgentWorker({
    queue: name,
    connection,
    agent: triage,
    client,
    keepFinishedFor: 3_600_000,
  });
  onTestFinished(async () => {
    await worker.close();
    await events.close();
    await queue.close();
    await client.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  const script = scriptByInstructions(server, {
    T: [
      {
        calls: [
          { name: 'ask_billing', arguments: { input: 'Refund A-17, 40 EUR.' }, callId: 'call_billing' },
        ],
      },
      { text: 'Billing refunded A-17.' },
    ],
    B: [
      {
        calls: [
          { name: 'refund_order', arguments: { orderId: 'A-17', amountEur: 40 }, callId: 'call_refund' },
        ],
      },
      { text: 'Refunded 40 EUR on A-17.' },
    ],
  });
  const job = await enqueueAgentRun(queue, { input: 'Refund my order A-17.', runId: 'ticket-7' });
  expect(await job.waitUntilFinished(events)).toMatchObject({ status: 'interrupted' });
  expect(script.seen).toEqual(['T', 'B']);

  const inspector = await startInspector({
    source: createRedisRunSource({ url: redis.url, prefix: workerCheckpointPrefix(name) }),
    approvals: createQueueApprovals({ url: redis.url, queue: name }),
    port: 0,
    pollIntervalMs: 100,
  });
  onTestFinished(() => inspector.close());
  const browser = await openBrowser();
  onTestFinished(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });

  // The list: the parent waits, and the waiting call is its sub-agent's.
  await page.goto(inspector.url);
  const row = page.locator('tr[data-run="ticket-7"]');
  expect(await row.locator('.status').textContent()).toBe('interrupted');
  expect(await row.locator('.badge.awaiting').textContent()).toBe('awaiting approval: 1 (1 in sub-agents)');
  expect(await row.locator('.badge.subruns').textContent()).toBe('+1 sub-run');

  // The sub-run's page lists its call too, but its form submits against the top run.
  await page.goto(`${inspector.url}runs/${encodeURIComponent('ticket-7/call_billing')}`);
  expect(await page.locator('#decide-via a').textContent()).toBe('ticket-7');
  expect(await page.locator('#approvals li.approval b').textContent()).toBe('refund_order');
  // Both forms (Approve; Reject with its reason) post to the top run.
  expect(
    await page
      .locator('#approvals form')
      .evaluateAll((forms) => forms.map((form) => form.getAttribute('action'))),
  ).toEqual(['/runs/ticket-7/approvals', '/runs/ticket-7/approvals']);

  // The parent's page: the sub-agent's call with its path, tool and arguments.
  await page.goto(`${inspector.url}runs/ticket-7`);
  const approval = page.locator('#approvals li.approval.nested');
  expect(await approval.count()).toBe(1);
  expect(await approval.locator('.path').textContent()).toBe('triage › billing');
  expect(await approval.locator('b').textContent()).toBe('refund_order');
  expect(await approval.getAttribute('data-run')).toBe('ticket-7/call_billing');
  expect(await approval.locator('pre').textContent()).toBe('{"orderId":"A-17","amountEur":40}');
  expect(await page.locator('li.call[data-call="call_billing"] > .status').textContent()).toBe(
    'awaiting approval',
  );
  const shots = await mkdtemp(join(tmpdir(), 'inspector-shots-'));
  onTestFinished(() => rm(shots, { recursive: true, force: true }));
  await screenshot(page, shots, 'inspector-sub-run-approval');
  expect(readLedger(ledger)).toEqual([]);

  await Promise.all([
    page.waitForURL(/notice=/, { waitUntil: 'domcontentloaded' }),
    approval.locator('button.approve').click({ noWaitAfter: true }),
  ]);
  expect(await page.locator('#notice').textContent()).toMatch(
    /^Approved; continuation job ticket-7-approval-\d+ queued\.$/,
  );
  // The worker resumes the parent, which resumes the sub-run: the tool runs once, then both answer.
  await page.locator('#run h1 .status', { hasText: 'completed' }).waitFor({ timeout: 20_000 });
  expect(readLedger(ledger)).toEqual([
    { key: 'ticket-7/call_billing:call_refund', orderId: 'A-17', amountEur: 40 },
  ]);
  expect(script.seen).toEqual(['T', 'B', 'B', 'T']);
  expect(await page.locator('#approvals').count()).toBe(0);
  // The sub-run's checkpoint is gone once the parent saved the call's output; the call is still
  // marked as an agent tool (its record kept the pause), on the timeline and in the turns.
  await expect.poll(() => page.locator('li.call[data-call="call_billing"] .subrun.gone').count()).toBe(1);
  expect(await page.locator('svg.timeline g.bar-agent-tool title').textContent()).toContain(
    'ask_billing → billing',
  );
}, 60_000);
