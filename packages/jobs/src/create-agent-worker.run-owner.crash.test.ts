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

/** A promise with its resolve function, to hold something until the test lets it go. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('a continuation job racing the redelivery of the job it continues', () => {
  it('one job drives the run at a time: the approved call runs once, the stale job does no work', async () => {
    const server = await startTestServer({ strict: true });
    scriptSteps(server, { steps: 1 });
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-run-owner-'));
    const queueName = `run-owner-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
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

    // Worker A runs the job until the run pauses for approval, and is SIGKILLed right after saving that
    // pause: the checkpoint says `interrupted`, the job is still active under A's lock.
    const first = startTsxChild(childScript, {
      REDIS_PORT: String(redis.port),
      QUEUE: queueName,
      MIMO_BASE_URL: server.url,
      MIMO_API_KEY: server.apiKey,
      LEDGER: ledger,
      START_LOG: startLog,
      APPROVAL: '1',
      KILL_AFTER_SAVE: 'end',
    });
    await first.waitFor(/^ready$/m);
    const original = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'race-1' });
    await first.exited;
    expect(first.proc.signalCode).toBe('SIGKILL');
    const paused = await checkpoint.load('race-1');
    expect(paused?.status).toBe('interrupted');
    expect(await (await queue.getJob('race-1'))?.getState()).toBe('active');

    // Someone approves the call from the saved state (the inspector does exactly this).
    const approvalId = paused?.pending?.calls[0]?.approval?.id ?? '';
    expect(approvalId).not.toBe('');
    const continuation = await submitApprovalDecisions(queue, {
      runId: 'race-1',
      checkpoint,
      decisions: [{ approvalId, approve: true }],
    });

    // The original job's next delivery either did work (a start of the call, below) or ended without:
    // delayed behind the continuation, failed as superseded, or completed from the saved result.
    const redelivered = deferred();
    const seen = ({ jobId }: { jobId: string }): void => {
      if (jobId === original.id) redelivered.resolve();
    };
    events.on('delayed', seen);
    events.on('failed', seen);
    events.on('completed', seen);
    // Worker B (two slots, so it can also take the original job when that stalls) holds the approved
    // call's first execution open until the original job has been delivered again.
    let executions = 0;
    const agent = stepAgent({
      ledger,
      startLog,
      needsApproval: true,
      beforeEffect: async () => {
        executions += 1;
        if (executions === 1) await redelivered.promise;
        else redelivered.resolve();
      },
    });
    const b = createAgentWorker({
      queue: queueName,
      connection,
      agent,
      client,
      concurrency: 2,
      // Longer than A's: B never dies, and a busy machine must not make it look dead (a lost lock hands
      // its job on, which is not what this test is about). A's job is redelivered after A's lock (800 ms).
      lockDuration: 3_000,
      stalledInterval: 300,
      runBusyRetryDelay: 100,
    });
    onTestFinished(() => b.close());
    const result = await continuation.waitUntilFinished(events);
    expect(result).toMatchObject({
      runId: 'race-1',
      status: 'completed',
      finalOutput: 'finished after 1 steps',
    });

    // The fault fired: the original job was delivered again after A died.
    await redelivered.promise;
    const stale = await queue.getJob('race-1');
    expect(stale?.stalledCounter).toBeGreaterThanOrEqual(1);
    // The original job ends without doing any work: if it took the run before the continuation, it
    // returned the saved pause as it was (no save: the continuation's decisions still fitted); if it
    // came back after the continuation finished, it completed from the saved result, or was turned
    // away once that checkpoint was deleted.
    const end = await original.waitUntilFinished(events).then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
    if (end.error !== undefined)
      expect(String(end.error)).toMatch(
        /Job "race-1" did not run run "race-1": job "race-1-approval-\d+" drove it last and it has no checkpoint/,
      );
    else if (end.value?.status === 'interrupted')
      expect(end.value.interruptions?.map((r) => r.approvalId)).toEqual([approvalId]);
    else expect(end.value).toEqual(result);
    // The approved call ran once, in the continuation; one effect; one request after it.
    expect.soft(readLedger<StartEntry>(startLog).map((s) => [s.callId, s.attempt])).toEqual([['call_1', 1]]);
    expect.soft(readLedger(ledger).map((e) => e.key)).toEqual(['race-1:call_1']);
    expect.soft(server.calls.map((call) => call.status)).toEqual([200, 200]);
  });
});
