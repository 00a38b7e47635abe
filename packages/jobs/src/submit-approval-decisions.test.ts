import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type MimoClient } from '@mimo-agents/core';
import { signApprovalDecision, type ToolApprovalRequest } from '@mimo-agents/runner';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { createAgentWorker, workerCheckpointPrefix } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { submitApprovalDecisions } from './submit-approval-decisions.js';
import { outputCallIds } from './test-support/request-input.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, scriptSteps, stepAgent } from './test-support/step-agent.js';

let redis: TestRedis;
let server: TestServer;
let client: MimoClient;
let directory: string;
let queueCount = 0;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await client.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

/** A queue, a worker whose record_step needs approval, and the worker's checkpoint store opened separately. */
async function setup(workerOptions: { approvalSecret?: string } = {}) {
  server = await startTestServer({ strict: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  directory = await mkdtemp(join(tmpdir(), 'mimo-approvals-'));
  const name = `approvals-${process.pid}-${++queueCount}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const ledger = join(directory, 'ledger.jsonl');
  const agent = stepAgent({ ledger, needsApproval: true });
  const worker = createAgentWorker({ queue: name, connection, agent, client, ...workerOptions });
  // The web process that posts decisions opens the workers' store by its prefix.
  const checkpoint = createRedisCheckpointStore({
    connection: redis.url,
    prefix: workerCheckpointPrefix(name),
  });
  onTestFinished(async () => {
    await worker.close();
    await checkpoint.close();
    await events.close();
    await queue.close();
  });
  return { queue, events, ledger, worker, checkpoint };
}

describe('approvals through BullMQ', () => {
  it('a job whose run interrupts completes with the interruptions; the continuation runs the approved call', async () => {
    const { queue, events, ledger, checkpoint } = await setup();
    scriptSteps(server, { steps: 1 });
    const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'refund-1' });
    const paused = await job.waitUntilFinished(events);
    expect(paused).toMatchObject({ runId: 'refund-1', status: 'interrupted', turns: 1 });
    expect(paused.interruptions).toHaveLength(1);
    const request = paused.interruptions?.[0] as ToolApprovalRequest;
    expect(request).toMatchObject({
      runId: 'refund-1',
      callId: 'call_1',
      toolName: 'record_step',
      arguments: { n: 1 },
    });
    // Completed, not failed nor retried; the checkpoint is kept for the continuation; nothing ran.
    const done = await queue.getJob('refund-1');
    expect(await done?.getState()).toBe('completed');
    expect(done?.attemptsMade).toBe(1);
    expect((await checkpoint.load('refund-1'))?.status).toBe('interrupted');
    expect(readLedger(ledger)).toEqual([]);

    const continuation = await submitApprovalDecisions(queue, {
      runId: 'refund-1',
      checkpoint,
      decisions: [{ approvalId: request.approvalId, approve: true }],
    });
    expect(continuation.id).toMatch(/^refund-1-approval-\d+$/);
    // Sending the same decisions again (a retried POST) gives back the same job.
    const again = await submitApprovalDecisions(queue, {
      runId: 'refund-1',
      checkpoint,
      decisions: [{ approvalId: request.approvalId, approve: true }],
    });
    expect(again.id).toBe(continuation.id);
    const result = await continuation.waitUntilFinished(events);
    expect(result).toMatchObject({
      runId: 'refund-1',
      status: 'completed',
      finalOutput: 'finished after 1 steps',
    });
    expect(readLedger(ledger).map((e) => [e.key, e.attempt])).toEqual([['refund-1:call_1', 1]]);
    expect(outputCallIds(server, 1)).toEqual(['call_1']);
    // The run is over: further decisions are refused.
    await expect(
      submitApprovalDecisions(queue, {
        runId: 'refund-1',
        checkpoint: createRedisCheckpointStore({ redis: checkpoint.redis, prefix: 'none:' }),
        decisions: [{ approvalId: request.approvalId, approve: true }],
      }),
    ).rejects.toMatchObject({ name: 'CheckpointNotFoundError' });
  });

  it('refuses, before enqueueing anything, decisions that do not fit, and other decisions for the same pause', async () => {
    const { queue, events, ledger, worker, checkpoint } = await setup();
    scriptSteps(server, { steps: 1 });
    const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'refund-2' });
    const request = (await job.waitUntilFinished(events)).interruptions?.[0] as ToolApprovalRequest;
    await worker.worker.pause();
    const submit = (decisions: Parameters<typeof submitApprovalDecisions>[1]['decisions']) =>
      submitApprovalDecisions(queue, { runId: 'refund-2', checkpoint, decisions });
    await expect(submit([{ ...request, runId: 'refund-9', approve: true }])).rejects.toMatchObject({
      code: 'approval_run_mismatch',
    });
    await expect(submit([{ ...request, argumentsHash: 'sha256:00', approve: true }])).rejects.toMatchObject({
      code: 'approval_arguments_mismatch',
    });
    // Untyped input (a JSON body): not an array, or not objects.
    const untyped = (decisions: unknown) => submit(decisions as Parameters<typeof submit>[0]);
    await expect(untyped(undefined)).rejects.toMatchObject({
      name: 'ApprovalError',
      code: 'approval_decision_invalid',
      message: expect.stringMatching(/decisions is undefined, not an array.*Fix: pass decisions: \[/),
    });
    await expect(untyped({ approvalId: request.approvalId, approve: true })).rejects.toMatchObject({
      code: 'approval_decision_invalid',
    });
    await expect(untyped([null])).rejects.toMatchObject({
      code: 'approval_decision_invalid',
      message: expect.stringMatching(/decisions\[0\] is null, not an object.*Fix: /),
    });
    expect(await queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({
      waiting: 0,
      active: 0,
      delayed: 0,
    });
    await submit([{ approvalId: request.approvalId, approve: false, reason: 'Not today.' }]);
    await expect(submit([{ approvalId: request.approvalId, approve: true }])).rejects.toMatchObject({
      code: 'approval_conflict',
    });
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    worker.worker.resume();
    const continuation = await queue.getJob(
      `refund-2-approval-${(await checkpoint.load('refund-2'))?.checkpointSeq}`,
    );
    const result = await continuation?.waitUntilFinished(events);
    expect(result?.status).toBe('completed');
    expect(readLedger(ledger)).toEqual([]);
  });

  it('a continuation written straight to the queue with a null decision fails at once, not retried; nothing runs', async () => {
    const { queue, events, ledger, checkpoint } = await setup();
    scriptSteps(server, { steps: 1 });
    const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'refund-4' });
    const request = (await job.waitUntilFinished(events)).interruptions?.[0] as ToolApprovalRequest;
    const afterSeq = (await checkpoint.load('refund-4'))?.checkpointSeq ?? 0;
    const bad = await queue.add(
      'agent-run',
      {
        input: '',
        runId: 'refund-4',
        approvals: { afterSeq, decisions: [{ approvalId: request.approvalId, approve: true }, null] },
      } as unknown as AgentJobData,
      { jobId: 'refund-4-bad', attempts: 3 },
    );
    await expect(bad.waitUntilFinished(events)).rejects.toThrow(/decisions\[1\] is null, not an object/);
    expect(await bad.getState()).toBe('failed');
    expect((await queue.getJob('refund-4-bad'))?.attemptsMade).toBe(1);
    expect(readLedger(ledger)).toEqual([]);
    expect((await checkpoint.load('refund-4'))?.status).toBe('interrupted');
  });

  it("a continuation whose run's checkpoint is gone fails at once with CheckpointNotFoundError, not retried", async () => {
    const { queue, events, ledger, worker, checkpoint } = await setup();
    scriptSteps(server, { steps: 1 });
    const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'refund-5' });
    const request = (await job.waitUntilFinished(events)).interruptions?.[0] as ToolApprovalRequest;
    await worker.worker.pause();
    const continuation = await submitApprovalDecisions(queue, {
      runId: 'refund-5',
      checkpoint,
      decisions: [{ approvalId: request.approvalId, approve: true }],
      jobOptions: { attempts: 3 },
    });
    // The fault: the checkpoint expires (or is deleted) before a worker picks the continuation up.
    await checkpoint.delete('refund-5');
    worker.worker.resume();
    await expect(continuation.waitUntilFinished(events)).rejects.toThrow(
      /Cannot resume run "refund-5": the checkpoint store has no checkpoint for it/,
    );
    expect(await continuation.getState()).toBe('failed');
    expect((await queue.getJob(continuation.id ?? ''))?.attemptsMade).toBe(1);
    expect(readLedger(ledger)).toEqual([]);
  });

  it('with an approvalSecret, workers run only signed decisions', async () => {
    const secret = 'a test secret of at least 16 bytes';
    const { queue, events, ledger, checkpoint } = await setup({ approvalSecret: secret });
    scriptSteps(server, { steps: 1 });
    const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'refund-3' });
    const request = (await job.waitUntilFinished(events)).interruptions?.[0] as ToolApprovalRequest;
    await expect(
      submitApprovalDecisions(queue, {
        runId: 'refund-3',
        checkpoint,
        approvalSecret: secret,
        decisions: [signApprovalDecision({ request, approve: true, secret: 'someone else guessing..' })],
      }),
    ).rejects.toMatchObject({ code: 'approval_signature_invalid' });
    // A continuation written straight to the queue, bypassing the check, fails in the worker: nothing runs.
    const forged = await queue.add(
      'agent-run',
      {
        input: '',
        runId: 'refund-3',
        approvals: {
          afterSeq: (await checkpoint.load('refund-3'))?.checkpointSeq ?? 0,
          decisions: [{ approvalId: request.approvalId, approve: true }],
        },
      },
      { jobId: 'refund-3-forged' },
    );
    await expect(forged.waitUntilFinished(events)).rejects.toThrow(/approval_signature_missing|not signed/);
    expect(await forged.getState()).toBe('failed');
    expect((await queue.getJob('refund-3-forged'))?.attemptsMade).toBe(1);
    expect(readLedger(ledger)).toEqual([]);
    const signed = signApprovalDecision({ request, approve: true, secret });
    const continuation = await submitApprovalDecisions(queue, {
      runId: 'refund-3',
      checkpoint,
      approvalSecret: secret,
      decisions: [signed],
    });
    expect((await continuation.waitUntilFinished(events)).status).toBe('completed');
    expect(readLedger(ledger)).toHaveLength(1);
  });
});
