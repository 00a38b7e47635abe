import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@mimo-agents/core';
import { createAgentWorker, enqueueAgentRun, workerCheckpointPrefix } from '@mimo-agents/jobs';
import { startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { expect, it, onTestFinished } from 'vitest';
import { startRedis } from '../../jobs/src/test-support/start-redis.js';
import { readLedger, scriptSteps, stepAgent } from '../../jobs/src/test-support/step-agent.js';
import { createQueueApprovals } from './server/queue-approvals.js';
import { startInspector } from './server/start-inspector.js';
import { createRedisRunSource } from './source/redis-run-source.js';

const PASSWORD = 'pw-4f9c2e7b-never-shown';

it('approves from the page on a Redis with a password and a db number; the password is never shown', async () => {
  const redis = await startRedis({ password: PASSWORD });
  onTestFinished(() => redis.stop());
  const url = `${redis.url}/2`;
  const server = await startTestServer({ strict: true });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const directory = await mkdtemp(join(tmpdir(), 'inspector-redis-url-'));
  const name = `inspector-redis-url-${process.pid}`;
  const connection = {
    host: '127.0.0.1',
    port: redis.port,
    password: PASSWORD,
    db: 2,
    maxRetriesPerRequest: null,
  };
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const ledger = join(directory, 'ledger.jsonl');
  const worker = createAgentWorker({
    queue: name,
    connection,
    agent: stepAgent({ ledger, needsApproval: true }),
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

  scriptSteps(server, { steps: 1 });
  const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'refund-8' });
  const paused = await job.waitUntilFinished(events);
  expect(paused).toMatchObject({ status: 'interrupted' });
  const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
  expect(approvalId).not.toBe('');

  const inspector = await startInspector({
    source: createRedisRunSource({ url, prefix: workerCheckpointPrefix(name) }),
    approvals: createQueueApprovals({ url, queue: name }),
    port: 0,
    pollIntervalMs: 100,
  });
  onTestFinished(() => inspector.close());
  const list = await (await fetch(inspector.url)).text();
  expect(list).toMatch(/data-run="refund-8"[\s\S]*?interrupted/);
  expect(list).toContain(`127.0.0.1:${redis.port}`);
  expect(list).not.toContain(PASSWORD);

  const posted = await fetch(`${inspector.url}runs/refund-8/approvals`, {
    method: 'POST',
    body: new URLSearchParams({ approvalId, action: 'approve' }),
    redirect: 'manual',
  });
  expect(posted.status).toBe(303);
  const notice = new URL(posted.headers.get('location') ?? '', inspector.url).searchParams.get('notice');
  expect(notice).toMatch(/^Approved; continuation job refund-8-approval-\d+ queued\.$/);
  const continuation = await queue.getJob(notice?.match(/job (\S+) queued/)?.[1] ?? '');
  expect(await continuation?.waitUntilFinished(events)).toMatchObject({ status: 'completed' });
  expect(readLedger(ledger).map((entry) => entry.key)).toEqual(['refund-8:call_1']);
  const page = await (await fetch(`${inspector.url}runs/refund-8`)).text();
  expect(page).not.toContain(PASSWORD);
}, 60_000);
