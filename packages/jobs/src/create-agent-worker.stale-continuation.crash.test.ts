import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@mimo-agents/core';
import { startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { createAgentWorker, workerCheckpointPrefix } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { submitApprovalDecisions } from './submit-approval-decisions.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, type StartEntry, scriptSteps, stepAgent } from './test-support/step-agent.js';
import { startTsxChild } from './test-support/tsx-child.js';

const childScript = fileURLToPath(new URL('./test-support/agent-worker-child.ts', import.meta.url));

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('a continuation killed after it paused again, redelivered after the next continuation was queued', () => {
  it("resumes that pause without saving it again, so the next continuation's decisions still apply", {
    timeout: 60_000,
  }, async () => {
    const server = await startTestServer({ strict: true });
    scriptSteps(server, { steps: 2 });
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-stale-continuation-'));
    const queueName = `stale-cont-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
    const queue = new Queue<AgentJobData, AgentJobResult>(queueName, { connection });
    const events = new QueueEvents(queueName, { connection });
    const checkpoint = createRedisCheckpointStore({
      connection: redis.url,
      prefix: workerCheckpointPrefix(queueName),
    });
    await events.waitUntilReady();
    onTestFinished(async () => {
      await checkpoint.close();
      await events.close();
      await queue.close();
      await client.close();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    const ledger = join(directory, 'ledger.jsonl');
    const startLog = join(directory, 'starts.jsonl');
    const agent = stepAgent({ ledger, startLog, needsApproval: true });
    const approve = (result: AgentJobResult) => [
      { approvalId: result.interruptions?.[0]?.approvalId ?? '', approve: true as const },
    ];

    // 1. The run pauses for call_1's approval.
    // (Short stalled checks in every worker: the queue runs one at most once per stalledInterval.)
    const w0 = createAgentWorker({ queue: queueName, connection, agent, client, stalledInterval: 300 });
    const original = await enqueueAgentRun(queue, { input: 'Record two steps.', runId: 'stale-1' });
    const paused = await original.waitUntilFinished(events);
    expect(paused.interruptions?.[0]?.callId).toBe('call_1');
    await w0.close();

    // 2. Continuation C1 approves it. A worker process takes C1, runs call_1, pauses again for call_2
    // and is SIGKILLed right after saving that pause: C1 is still active, under the dead worker's lock.
    const c1 = await submitApprovalDecisions(queue, {
      runId: 'stale-1',
      checkpoint,
      decisions: approve(paused),
    });
    // A worker started now but running only once the child died: C2 then meets C1's lock.
    const order: string[] = [];
    events.on('delayed', ({ jobId }) => order.push(`delayed ${jobId}`));
    events.on('completed', ({ jobId }) => order.push(`completed ${jobId}`));
    const b = createAgentWorker({
      queue: queueName,
      connection,
      agent,
      client,
      concurrency: 2,
      // B never dies: a lock long enough that a busy machine does not make it look dead.
      lockDuration: 3_000,
      stalledInterval: 300,
      // C2 waits this long once it found C1's lock: C1's redelivery (after its 3 s lock) comes first.
      runBusyRetryDelay: 8_000,
      workerOptions: { autorun: false },
    });
    onTestFinished(() => b.close());
    await b.worker.waitUntilReady();
    const child = startTsxChild(childScript, {
      REDIS_PORT: String(redis.port),
      QUEUE: queueName,
      MIMO_BASE_URL: server.url,
      MIMO_API_KEY: server.apiKey,
      LEDGER: ledger,
      START_LOG: startLog,
      APPROVAL: '1',
      KILL_AFTER_SAVE: 'end',
      LOCK_DURATION: '3000',
    });
    await child.exited;
    expect(child.proc.signalCode).toBe('SIGKILL');
    const pausedAgain = await checkpoint.load('stale-1');
    expect(pausedAgain?.status).toBe('interrupted');
    expect(pausedAgain?.pending?.calls[0]?.callId).toBe('call_2');
    expect(await c1.getState()).toBe('active');
    const seq = pausedAgain?.checkpointSeq ?? 0;

    // 3. The user approves call_2 from the saved state: continuation C2, bound to that pause's seq.
    const approvalId = pausedAgain?.pending?.calls[0]?.approval?.id ?? '';
    const c2 = await submitApprovalDecisions(queue, {
      runId: 'stale-1',
      checkpoint,
      decisions: [{ approvalId, approve: true }],
    });
    expect(c2.id).toBe(`stale-1-approval-${seq}`);

    // 4. Worker B: C2 finds C1 still owning the run (its lock) and waits; C1's lock expires, B takes the
    // redelivered C1, whose decisions answer the earlier pause: it resumes this pause without any.
    void b.worker.run();
    const c1Again = await c1.waitUntilFinished(events);
    expect(c1Again).toMatchObject({ status: 'interrupted' });
    expect(c1Again.interruptions?.map((r) => r.approvalId)).toEqual([approvalId]);
    // Returned as saved: the pause keeps its seq.
    expect((await checkpoint.load('stale-1'))?.checkpointSeq).toBe(seq);
    // C2's decision still fits: the run completes (before the fix: `interrupted`, the approval dropped).
    expect(await c2.waitUntilFinished(events)).toMatchObject({
      status: 'completed',
      finalOutput: 'finished after 2 steps',
    });

    // The fault fired, in this order: C2 waited, then C1 was redelivered and finished, then C2 ran.
    expect((await queue.getJob(c1.id ?? ''))?.stalledCounter).toBeGreaterThanOrEqual(1);
    const at = (entry: string) => order.indexOf(entry);
    expect(at(`delayed ${c2.id}`)).toBeGreaterThanOrEqual(0);
    expect(at(`delayed ${c2.id}`)).toBeLessThan(at(`completed ${c1.id}`));
    expect(at(`completed ${c1.id}`)).toBeLessThan(at(`completed ${c2.id}`));
    // Each approved call ran once; three model requests in all.
    expect(readLedger<StartEntry>(startLog).map((s) => [s.callId, s.attempt])).toEqual([
      ['call_1', 1],
      ['call_2', 1],
    ]);
    expect(readLedger(ledger).map((e) => e.key)).toEqual(['stale-1:call_1', 'stale-1:call_2']);
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
  });
});
