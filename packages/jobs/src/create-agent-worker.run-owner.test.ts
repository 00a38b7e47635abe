import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@mimo-agents/core';
import { startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { AGENT_JOB_NAME, type AgentJobData, type AgentJobResult } from './agent-job.js';
import {
  type CreateAgentWorkerOptions,
  createAgentWorker,
  workerCheckpointPrefix,
} from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { workerRunOwnerPrefix } from './run-ownership.js';
import { submitApprovalDecisions } from './submit-approval-decisions.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, type StartEntry, scriptSteps, stepAgent } from './test-support/step-agent.js';
import { until } from './test-support/until.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

/** A promise with its resolve function, to hold something until the test lets it go. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

let queueCount = 0;

/**
 * A queue and one worker (two slots) whose tool holds its first execution open until `release` resolves;
 * everything closed when the test ends.
 */
async function setup(
  release: Promise<void>,
  worker: Partial<CreateAgentWorkerOptions> = {},
  needsApproval = false,
  steps = 1,
) {
  const server = await startTestServer({ strict: true });
  scriptSteps(server, { steps });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const directory = await mkdtemp(join(tmpdir(), 'mimo-run-owner-'));
  const name = `owner-${process.pid}-${++queueCount}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  const checkpoint = createRedisCheckpointStore({
    connection: redis.url,
    prefix: workerCheckpointPrefix(name),
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
  const inTool = deferred();
  let executions = 0;
  const agent = stepAgent({
    ledger,
    startLog,
    needsApproval,
    beforeEffect: async () => {
      executions += 1;
      inTool.resolve();
      if (executions === 1) await release;
    },
  });
  const agentWorker = createAgentWorker({
    queue: name,
    connection,
    agent,
    client,
    concurrency: 2,
    runBusyRetryDelay: 50,
    ...worker,
  });
  onTestFinished(() => agentWorker.close());
  return {
    name,
    queue,
    events,
    checkpoint,
    server,
    startLog,
    ledger,
    inTool: inTool.promise,
    worker: agentWorker,
  };
}

describe('createAgentWorker with two jobs of the same run id', () => {
  it('the second waits (delayed, no attempt used) while the first drives the run, then gets its saved result', async () => {
    const release = deferred();
    const t = await setup(release.promise, { deleteCheckpointOnComplete: false });
    const delayed = deferred();
    t.events.on('delayed', ({ jobId }) => {
      if (jobId === 'dup-1-again') delayed.resolve();
    });
    const first = await enqueueAgentRun(t.queue, { input: 'Record one step.', runId: 'dup-1' });
    await t.inTool;
    // A second job for the same run id (another producer, a retried request), while the first is in its tool.
    const second = await t.queue.add(
      AGENT_JOB_NAME,
      { input: 'Record one step.', runId: 'dup-1' },
      { jobId: 'dup-1-again' },
    );
    await delayed.promise;
    expect(await t.checkpoint.redis.get(`${workerRunOwnerPrefix(t.name)}dup-1`)).toBe('dup-1');
    release.resolve();
    const result = await first.waitUntilFinished(t.events);
    expect(result).toMatchObject({ status: 'completed', finalOutput: 'finished after 1 steps' });
    // Once the first is done, the second takes the finished run and returns its saved result: no request, no tool.
    expect(await second.waitUntilFinished(t.events)).toEqual(result);
    const again = await t.queue.getJob('dup-1-again');
    expect(again?.attemptsMade).toBe(1);
    // Its wait is over: the time it began waiting is cleared (a later wait gets its own maxRunBusyWait).
    expect(again?.data).toEqual({ input: 'Record one step.', runId: 'dup-1' });
    expect(readLedger<StartEntry>(t.startLog).map((s) => [s.callId, s.attempt])).toEqual([['call_1', 1]]);
    expect(readLedger(t.ledger).map((e) => e.key)).toEqual(['dup-1:call_1']);
    expect(t.server.calls.map((call) => call.status)).toEqual([200, 200]);
  });

  it('the second gives up after maxRunBusyWait with RunOwnedElsewhereError, and leaves the running run alone', async () => {
    const release = deferred();
    // keepFinishedFor: a job that failed for good gets its run's checkpoint an expiry, but not this one.
    const t = await setup(release.promise, { maxRunBusyWait: 1_000, keepFinishedFor: 60_000 });
    const first = await enqueueAgentRun(t.queue, { input: 'Record one step.', runId: 'dup-2' });
    await t.inTool;
    const second = await t.queue.add(
      AGENT_JOB_NAME,
      { input: 'x', runId: 'dup-2' },
      { jobId: 'dup-2-again' },
    );
    const refused = await second.waitUntilFinished(t.events).catch((error: unknown) => error);
    expect(String(refused)).toMatch(
      /Job "dup-2-again" did not run run "dup-2": job "dup-2" has been driving it for all of the \d+ ms this job waited \(maxRunBusyWait\)\. Fix: /,
    );
    const failed = await t.queue.getJob('dup-2-again');
    expect(await failed?.getState()).toBe('failed');
    expect(failed?.attemptsMade).toBe(1);
    expect(Date.now() - (failed?.data.runBusySince ?? Date.now())).toBeGreaterThanOrEqual(1_000);
    // The running run's checkpoint got no expiry from the refused job's failure.
    expect(await t.checkpoint.redis.pttl(t.checkpoint.keyFor('dup-2'))).toBe(-1);
    release.resolve();
    expect(await first.waitUntilFinished(t.events)).toMatchObject({ status: 'completed' });
    expect(readLedger<StartEntry>(t.startLog).map((s) => [s.callId, s.attempt])).toEqual([['call_1', 1]]);
  });

  it('a tool call that outlasts runOwnerTtl keeps its run: the active job renews its owner record', async () => {
    const release = deferred();
    // Renewed every min(lockDuration, runOwnerTtl / 3) = 2 s here.
    const t = await setup(release.promise, { lockDuration: 2_000, deleteCheckpointOnComplete: false });
    const ownerKey = `${workerRunOwnerPrefix(t.name)}dup-6`;
    const delayed = deferred();
    t.events.on('delayed', ({ jobId }) => {
      if (jobId === 'dup-6-again') delayed.resolve();
    });
    const first = await enqueueAgentRun(t.queue, { input: 'Record one step.', runId: 'dup-6' });
    await t.inTool;
    const second = await t.queue.add(
      AGENT_JOB_NAME,
      { input: 'Record one step.', runId: 'dup-6' },
      { jobId: 'dup-6-again' },
    );
    await delayed.promise;
    // The call has been running for almost runOwnerTtl: 5 s of the record's life are left (no save
    // renews it while the tool runs). Without renewal the record expires, the waiting job takes the
    // run and starts the same call again while the first still runs it.
    await t.checkpoint.redis.pexpire(ownerKey, 5_000);
    await until(
      async () =>
        (await t.checkpoint.redis.pttl(ownerKey)) > 5_000 || readLedger<StartEntry>(t.startLog).length > 1,
      15_000,
    );
    expect(await t.checkpoint.redis.get(ownerKey)).toBe('dup-6');
    release.resolve();
    const result = await first.waitUntilFinished(t.events);
    expect(result).toMatchObject({ status: 'completed', finalOutput: 'finished after 1 steps' });
    expect(await second.waitUntilFinished(t.events)).toEqual(result);
    expect(readLedger<StartEntry>(t.startLog).map((s) => [s.callId, s.attempt])).toEqual([['call_1', 1]]);
    expect(t.server.calls.map((call) => call.status)).toEqual([200, 200]);
  });

  it('a job without decisions that takes a paused run first returns the pause unsaved: the continuation still fits', async () => {
    const t = await setup(Promise.resolve(), { concurrency: 1 }, true);
    const first = await enqueueAgentRun(t.queue, { input: 'Record one step.', runId: 'dup-3' });
    const paused = await first.waitUntilFinished(t.events);
    expect(paused.status).toBe('interrupted');
    const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
    const seq = (await t.checkpoint.load('dup-3'))?.checkpointSeq ?? 0;
    await t.worker.worker.pause();
    const continuation = await submitApprovalDecisions(t.queue, {
      runId: 'dup-3',
      checkpoint: t.checkpoint,
      decisions: [{ approvalId, approve: true }],
    });
    expect(continuation.id).toBe(`dup-3-approval-${seq}`);
    // Another job of the run, taken first (lifo): it resumes the pause with no decision for it.
    const other = await t.queue.add(
      AGENT_JOB_NAME,
      { input: 'x', runId: 'dup-3' },
      { jobId: 'dup-3-again', lifo: true },
    );
    t.worker.worker.resume();
    expect(await other.waitUntilFinished(t.events)).toMatchObject({
      status: 'interrupted',
      interruptions: paused.interruptions,
    });
    // The continuation then finds the pause its decisions answer, saved under the same seq.
    expect(await continuation.waitUntilFinished(t.events)).toMatchObject({
      status: 'completed',
      finalOutput: 'finished after 1 steps',
    });
    const [otherDone, continuationDone] = await Promise.all([
      t.queue.getJob('dup-3-again'),
      t.queue.getJob(continuation.id ?? ''),
    ]);
    expect(otherDone?.finishedOn).toBeLessThanOrEqual(continuationDone?.processedOn ?? 0);
    expect(readLedger<StartEntry>(t.startLog).map((s) => [s.callId, s.attempt])).toEqual([['call_1', 1]]);
    expect(t.server.calls.map((call) => call.status)).toEqual([200, 200]);
  });

  it('a stale continuation (decisions for an earlier pause) taken first leaves the next continuation its pause', async () => {
    const t = await setup(Promise.resolve(), { concurrency: 1 }, true, 2);
    const first = await enqueueAgentRun(t.queue, { input: 'Record two steps.', runId: 'dup-5' });
    const paused = await first.waitUntilFinished(t.events);
    const decide = (result: AgentJobResult) => [
      { approvalId: result.interruptions?.[0]?.approvalId ?? '', approve: true as const },
    ];
    const firstContinuation = await submitApprovalDecisions(t.queue, {
      runId: 'dup-5',
      checkpoint: t.checkpoint,
      decisions: decide(paused),
    });
    const pausedAgain = await firstContinuation.waitUntilFinished(t.events);
    expect(pausedAgain.interruptions?.[0]?.callId).toBe('call_2');
    await t.worker.worker.pause();
    const next = await submitApprovalDecisions(t.queue, {
      runId: 'dup-5',
      checkpoint: t.checkpoint,
      decisions: decide(pausedAgain),
    });
    // The first continuation once more (as a redelivery after a crash would run it), taken first:
    // its decisions answer the earlier pause, so it resumes this one without any.
    const stale = await t.queue.add(AGENT_JOB_NAME, firstContinuation.data, {
      jobId: `${firstContinuation.id}-redelivered`,
      lifo: true,
    });
    t.worker.worker.resume();
    expect(await stale.waitUntilFinished(t.events)).toMatchObject({
      status: 'interrupted',
      interruptions: pausedAgain.interruptions,
    });
    // The user's decision for the pause they saw still applies: the run completes.
    expect(await next.waitUntilFinished(t.events)).toMatchObject({
      status: 'completed',
      finalOutput: 'finished after 2 steps',
    });
    expect(readLedger<StartEntry>(t.startLog).map((s) => [s.callId, s.attempt])).toEqual([
      ['call_1', 1],
      ['call_2', 1],
    ]);
    expect(t.server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
  });

  it('a continuation that failed leaves the pause as it was: a later job of the run returns it unsaved', async () => {
    const t = await setup(Promise.resolve(), { concurrency: 1 }, true);
    const first = await enqueueAgentRun(t.queue, { input: 'Record one step.', runId: 'dup-4' });
    const paused = await first.waitUntilFinished(t.events);
    expect(paused.status).toBe('interrupted');
    const seq = (await t.checkpoint.load('dup-4'))?.checkpointSeq ?? 0;
    // A continuation for this pause whose decision fits no approval: it fails (ApprovalError) without
    // changing the run, and stays in BullMQ's failed set.
    const broken = await t.queue.add(
      AGENT_JOB_NAME,
      {
        input: '',
        runId: 'dup-4',
        approvals: { afterSeq: seq, decisions: [{ approvalId: 'no-such-approval', approve: true }] },
      },
      { jobId: `dup-4-approval-${seq}` },
    );
    const failure = await broken.waitUntilFinished(t.events).catch((error: unknown) => error);
    expect(String(failure)).toMatch(/no-such-approval/);
    expect(await broken.getState()).toBe('failed');
    // Another job of the run resumes the pause (nothing decided): it ends interrupted again, the pause
    // unsaved, so a corrected decision for it still fits.
    const other = await t.queue.add(AGENT_JOB_NAME, { input: 'x', runId: 'dup-4' }, { jobId: 'dup-4-again' });
    expect(await other.waitUntilFinished(t.events)).toMatchObject({ status: 'interrupted' });
    expect((await t.checkpoint.load('dup-4'))?.checkpointSeq).toBe(seq);
    expect(readLedger<StartEntry>(t.startLog)).toEqual([]);
    expect(t.server.calls.map((call) => call.status)).toEqual([200]);
  });
});
