import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@mimo-agents/core';
import { type CheckpointStore, RunAbortedError, type RunResult, type RunState } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { CheckpointFencedError } from './checkpoint-fenced-error.js';
import { createAgentWorker } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { type RunOrResumeOptions, runOrResume } from './run-or-resume.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, type StartEntry, scriptSteps, stepAgent } from './test-support/step-agent.js';

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

/** What one worker's copy of the run did: its signal, every save refused, and how the run ended. */
interface RunRecord {
  signal: AbortSignal | undefined;
  refused: unknown[];
  ended: Promise<{ result?: RunResult; error?: unknown }>;
}

/** A `runAgent` that runs `runOrResume` as the worker would, recording the run's saves and its end. */
function recordingRunAgent(record: (run: RunRecord) => void) {
  return (options: RunOrResumeOptions): Promise<RunResult> => {
    const refused: unknown[] = [];
    const store = options.checkpoint;
    const checkpoint: CheckpointStore<RunState> = {
      load: (runId) => store.load(runId),
      delete: (runId) => store.delete(runId),
      save: (runId, state) =>
        store.save(runId, state).catch((error: unknown) => {
          refused.push(error);
          throw error;
        }),
    };
    const running = runOrResume({ ...options, checkpoint });
    record({
      signal: options.signal,
      refused,
      ended: running.then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      ),
    });
    return running;
  };
}

describe('createAgentWorker when a live worker loses its job lock', () => {
  it('fences the stale worker out: its saves are refused, its run is cancelled, the new worker owns the checkpoint', async () => {
    const server = await startTestServer({ strict: true });
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-jobs-fence-'));
    const name = `fence-${process.pid}`;
    const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
    const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
    const events = new QueueEvents(name, { connection });
    const store = createRedisCheckpointStore({
      connection: redis.url,
      prefix: `mimo-agents:checkpoint:${name}:`,
    });
    onTestFinished(async () => {
      await events.close();
      await queue.close();
      await store.close();
      await client.close();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    await events.waitUntilReady();
    const ledger = join(directory, 'ledger.jsonl');
    const startLog = join(directory, 'starts.jsonl');
    scriptSteps(server, { steps: 2 });

    // Worker A: its tool holds call_1 open until the test lets it go.
    const inTool = deferred();
    const releaseTool = deferred();
    const stale = stepAgent({
      ledger,
      startLog,
      beforeEffect: async () => {
        inTool.resolve();
        await releaseTool.promise;
      },
    });
    const runsOfA: RunRecord[] = [];
    const a = createAgentWorker({
      queue: name,
      connection,
      agent: stale,
      client,
      lockDuration: 1500,
      stalledInterval: 150,
      deleteCheckpointOnComplete: false,
      runAgent: recordingRunAgent((run) => runsOfA.push(run)),
    });
    onTestFinished(() => a.close());
    // A's late completion of a job it no longer holds is reported by BullMQ as a worker error.
    const errorsOfA: Error[] = [];
    a.worker.on('error', (error) => errorsOfA.push(error));
    const lostLock = deferred<string[]>();
    a.worker.on('lockRenewalFailed', (jobIds) => lostLock.resolve(jobIds));

    const job = await enqueueAgentRun(queue, { input: 'Record two steps.', runId: 'run-fenced' });
    await inTool.promise;
    const lockKey = `${a.worker.qualifiedName}:${job.id}:lock`;
    expect(lockKey).toBe(`bull:${name}:run-fenced:lock`);
    const tokenOfA = await store.redis.get(lockKey);
    expect(tokenOfA).not.toBeNull();
    const seqOfA = (await store.load('run-fenced'))?.checkpointSeq ?? 0;
    expect(seqOfA).toBeGreaterThan(0);

    // A stalls as far as Redis can tell (a partition, a long GC pause): its lock renewals hang, so the
    // lock expires after lockDuration while A is alive and still inside the tool.
    const renewals = deferred();
    const extend = a.worker.extendJobLocks.bind(a.worker);
    a.worker.extendJobLocks = async (jobIds, tokens, duration) => {
      await renewals.promise;
      return extend(jobIds, tokens, duration);
    };

    // Worker B takes the stalled job over (with a new lock token) and finishes the run from A's checkpoint.
    const fresh = stepAgent({ ledger, startLog });
    const b = createAgentWorker({
      queue: name,
      connection,
      agent: fresh,
      client,
      stalledInterval: 150,
      deleteCheckpointOnComplete: false,
    });
    onTestFinished(() => b.close());
    const takenByB = deferred<{ jobId: string | undefined; lock: string | null }>();
    b.worker.on('active', (active: Job<AgentJobData, AgentJobResult>) => {
      const jobId = active.id;
      store.redis.get(lockKey).then(
        (lock) => takenByB.resolve({ jobId, lock }),
        () => takenByB.resolve({ jobId, lock: null }),
      );
    });
    const finishedByB = new Promise<AgentJobResult>((resolve) =>
      b.worker.once('completed', (_j, r) => resolve(r)),
    );
    const result = await job.waitUntilFinished(events);
    expect(await finishedByB).toEqual(result);
    expect(result).toMatchObject({ status: 'completed', finalOutput: 'finished after 2 steps', turns: 3 });
    const taken = await takenByB.promise;
    expect(taken.jobId).toBe(job.id);
    expect(taken.lock).not.toBeNull();
    expect(taken.lock).not.toBe(tokenOfA);
    const checkpointOfB = await store.redis.get(store.keyFor('run-fenced'));
    const savedByB = await store.load('run-fenced');
    expect(savedByB).toMatchObject({ status: 'completed', finalOutput: 'finished after 2 steps' });
    expect(savedByB?.checkpointSeq).toBeGreaterThan(seqOfA);
    expect(runsOfA).toHaveLength(1);
    expect(runsOfA[0]?.signal?.aborted).toBe(false);

    // A's renewal goes through at last and fails: A cancels its run, whose saves the store refuses.
    renewals.resolve();
    expect(await lostLock.promise).toEqual([job.id]);
    const runOfA = runsOfA[0]!;
    const endOfA = await runOfA.ended;
    expect(runOfA.signal?.aborted).toBe(true);
    expect(runOfA.signal?.reason).toBe('the job lock was lost');
    expect(endOfA.error).toBeInstanceOf(RunAbortedError);
    expect(endOfA.result).toBeUndefined();
    expect(runOfA.refused.length).toBeGreaterThan(0);
    for (const refusal of runOfA.refused) {
      expect(refusal).toBeInstanceOf(CheckpointFencedError);
      expect(refusal).toMatchObject({ runId: 'run-fenced', lockKey, code: 'checkpoint_fenced' });
    }
    // Nothing A tried to write reached Redis: the checkpoint is still B's, byte for byte.
    expect(await store.redis.get(store.keyFor('run-fenced'))).toBe(checkpointOfB);
    const finished = await queue.getJob(job.id ?? '');
    expect(await finished?.getState()).toBe('completed');
    expect(finished?.returnvalue).toEqual(result);

    // A's tool finally returns; it finds B's side effect under the same idempotency key and adds none.
    releaseTool.resolve();
    await a.close();
    expect(errorsOfA.map((error) => error.message)).toContain(`could not renew lock for job ${job.id}`);
    expect(readLedger(ledger).map((entry) => entry.key)).toEqual(['run-fenced:call_1', 'run-fenced:call_2']);
    expect(readLedger<StartEntry>(startLog).map((s) => [s.callId, s.attempt])).toEqual([
      ['call_1', 1],
      ['call_1', 2],
      ['call_2', 1],
    ]);
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
  });
});
