import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@mimo-agents/core';
import {
  createAgentWorker,
  enqueueAgentRun,
  type RedisCheckpointStore,
  workerCheckpointPrefix,
} from '@mimo-agents/jobs';
import { startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { expect, it, onTestFinished } from 'vitest';
import { startRedis } from '../../jobs/src/test-support/start-redis.js';
import { readLedger, scriptSteps, stepAgent } from '../../jobs/src/test-support/step-agent.js';
import { createQueueApprovals } from './server/queue-approvals.js';
import { startInspector } from './server/start-inspector.js';
import { createRedisRunSource } from './source/redis-run-source.js';
import { openBrowser, screenshot } from './test-support/open-browser.js';

/** Real Redis, a worker, a run paused on one `record_step` call, and an inspector that can decide. */
async function pausedRun(runId: string) {
  const redis = await startRedis();
  onTestFinished(() => redis.stop());
  const server = await startTestServer({ strict: true });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const directory = await mkdtemp(join(tmpdir(), 'inspector-approvals-'));
  const name = `inspector-approvals-${process.pid}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const ledger = join(directory, 'ledger.jsonl');
  const worker = createAgentWorker({
    queue: name,
    connection,
    agent: stepAgent({ ledger, needsApproval: true }),
    client,
    // The inspector reads runs from the checkpoint store: by default a worker deletes a completed run's
    // checkpoint, and the run would leave the page instead of showing `completed`. Kept for an hour.
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

  scriptSteps(server, { steps: 1 });
  const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId });
  expect(await job.waitUntilFinished(events)).toMatchObject({ status: 'interrupted' });

  const inspector = await startInspector({
    source: createRedisRunSource({ url: redis.url, prefix: workerCheckpointPrefix(name) }),
    approvals: createQueueApprovals({ url: redis.url, queue: name }),
    port: 0,
    pollIntervalMs: 100,
  });
  onTestFinished(() => inspector.close());
  return { server, worker, ledger, inspector };
}

it('approves a pending call from the page; the run then completes in a worker on real Redis', async () => {
  const { worker, ledger, inspector } = await pausedRun('refund-7');
  const browser = await openBrowser();
  onTestFinished(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  await page.goto(inspector.url);
  expect(await page.locator('tr[data-run="refund-7"] .status').textContent()).toBe('interrupted');
  await page.goto(`${inspector.url}runs/refund-7`);
  const approval = page.locator('#approvals li.approval');
  expect(await approval.count()).toBe(1);
  expect(await approval.locator('b').textContent()).toBe('record_step');
  expect(await approval.textContent()).toContain('{"n":1}');
  const shots = await mkdtemp(join(tmpdir(), 'inspector-shots-'));
  onTestFinished(() => rm(shots, { recursive: true, force: true }));
  await screenshot(page, shots, 'inspector-approval');
  expect(readLedger(ledger)).toEqual([]);

  await Promise.all([
    page.waitForURL(/notice=/, { waitUntil: 'domcontentloaded' }),
    approval.locator('button.approve').click({ noWaitAfter: true }),
  ]);
  expect(await page.locator('#notice').textContent()).toMatch(
    /^Approved; continuation job refund-7-approval-\d+ queued\.$/,
  );
  // The worker takes the continuation, runs the approved call once and completes; the page follows live.
  await page.locator('#run h1 .status', { hasText: 'completed' }).waitFor({ timeout: 20_000 });
  expect(readLedger(ledger).map((entry) => entry.key)).toEqual(['refund-7:call_1']);
  expect(await page.locator('#approvals').count()).toBe(0);
  // Kept, not forever: the finished run's checkpoint now expires within the hour.
  const store = worker.checkpoint as RedisCheckpointStore;
  await expect.poll(() => store.redis.pttl(store.keyFor('refund-7')), { timeout: 10_000 }).toBeGreaterThan(0);
}, 60_000);

it('rejects with a reason typed and Enter pressed: the model sees the reason; a second decision is refused with a notice', async () => {
  const { server, ledger, inspector } = await pausedRun('refund-9');
  const browser = await openBrowser();
  onTestFinished(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  // A second tab loaded now, without script (no live reload), keeps the form after the first decision.
  const stale = await browser.newPage({ viewport: { width: 1200, height: 700 }, javaScriptEnabled: false });
  await page.goto(`${inspector.url}runs/refund-9`);
  await stale.goto(`${inspector.url}runs/refund-9`);
  const approval = page.locator('#approvals li.approval');
  expect(await approval.count()).toBe(1);

  // Enter in the reason field submits the reject form (the Approve button is in a form of its own).
  const reason = approval.locator('input[name="reason"]');
  await reason.fill('Not during the freeze window.');
  await Promise.all([
    page.waitForURL(/notice=/, { waitUntil: 'domcontentloaded' }),
    reason.press('Enter', { noWaitAfter: true }),
  ]);
  expect(await page.locator('#notice').textContent()).toMatch(
    /^Rejected; continuation job refund-9-approval-\d+ queued\.$/,
  );
  await page.locator('#run h1 .status', { hasText: 'completed' }).waitFor({ timeout: 20_000 });
  // The rejected call never ran; the model got the reason as the call's output and answered.
  expect(readLedger(ledger)).toEqual([]);
  const last = server.calls.at(-1)?.body as { input?: unknown } | undefined;
  const outputs = (Array.isArray(last?.input) ? last.input : []).filter(
    (item: { type?: string }) => item.type === 'function_call_output',
  ) as { call_id?: string; output?: string }[];
  expect(outputs).toHaveLength(1);
  expect(outputs[0]?.call_id).toBe('call_1');
  expect(outputs[0]?.output).toContain('Not during the freeze window.');

  // The stale tab still offers Approve: the decision is refused and the page says why.
  await Promise.all([
    stale.waitForURL(/notice=/, { waitUntil: 'domcontentloaded' }),
    stale.locator('#approvals button.approve').click({ noWaitAfter: true }),
  ]);
  expect(await stale.locator('#notice').textContent()).toMatch(
    /^Not submitted: Approval decision "[^"]+" refused for run "refund-9": the run is completed, not waiting for decisions\. Nothing ran\. Fix: /,
  );
  expect(readLedger(ledger)).toEqual([]);
}, 60_000);
