import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  type CheckpointStore,
  createRunState,
  type RunEvent,
  type RunState,
  run,
} from '@mimo-agents/runner';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { type AgentWorker, createAgentWorker } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore, type RedisCheckpointStore } from './redis-checkpoint-store.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, type StartEntry, scriptSteps, stepAgent } from './test-support/step-agent.js';

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

async function setup() {
  server = await startTestServer({ strict: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  directory = await mkdtemp(join(tmpdir(), 'mimo-jobs-'));
  const name = `agents-${process.pid}-${++queueCount}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  onTestFinished(async () => {
    await events.close();
    await queue.close();
  });
  return { name, connection, queue, events, ledger: join(directory, 'ledger.jsonl') };
}

/** A Redis checkpoint store under `prefix`, closed when the test ends. */
function redisStore(prefix: string): RedisCheckpointStore {
  const store = createRedisCheckpointStore({ connection: redis.url, prefix });
  onTestFinished(() => store.close());
  return store;
}

/** A worker on the test's queue that checkpoints to `checkpoint`, closed when the test ends. */
function startWorker(
  { name, connection, ledger }: Awaited<ReturnType<typeof setup>>,
  checkpoint: RedisCheckpointStore,
  agent: Agent = stepAgent({ ledger }),
): AgentWorker {
  const agentWorker = createAgentWorker({ queue: name, connection, agent, client, checkpoint });
  onTestFinished(() => agentWorker.close());
  return agentWorker;
}

/** A fresh state of the step agent, as a worker saves it at the start of a run. */
function stepperState(runId: string): RunState {
  const agent = { name: 'stepper', model: 'mimo-v2.6-pro' };
  return createRunState({ runId, agent, input: [{ role: 'user', content: 'hi' }] });
}

describe('createAgentWorker', () => {
  it('runs a job as a checkpointed run, publishes run events as progress and cleans up', async () => {
    const { name, connection, queue, events, ledger } = await setup();
    scriptSteps(server, { steps: 2 });
    const agentWorker = createAgentWorker({ queue: name, connection, agent: stepAgent({ ledger }), client });
    onTestFinished(() => agentWorker.close());
    const progress: RunEvent[] = [];
    agentWorker.worker.on('progress', (_job, event) => progress.push(event as RunEvent));
    const deleted = new Promise<void>((resolve) => {
      const original = agentWorker.checkpoint.delete.bind(agentWorker.checkpoint);
      agentWorker.checkpoint.delete = async (runId) => {
        await original(runId);
        resolve();
      };
    });

    const job = await enqueueAgentRun(queue, {
      input: 'Record two steps.',
      runId: 'run-happy',
    });
    const result = await job.waitUntilFinished(events);

    expect(result).toMatchObject({
      runId: 'run-happy',
      status: 'completed',
      finalOutput: 'finished after 2 steps',
      turns: 3,
    });
    expect(result.usage.requests).toBe(3);
    expect(readLedger(ledger).map((e) => e.key)).toEqual(['run-happy:call_1', 'run-happy:call_2']);
    const types = progress.map((event) => event.type);
    expect(types[0]).toBe('run.started');
    expect(types.at(-1)).toBe('run.completed');
    expect(types.filter((t) => t === 'tool.completed')).toHaveLength(2);
    expect(types).not.toContain('text.delta');
    expect(types).not.toContain('reasoning.delta');
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
    await deleted;
    const store = createRedisCheckpointStore({
      connection: redis.url,
      prefix: `mimo-agents:checkpoint:${name}:`,
    });
    expect(await store.load('run-happy')).toBeUndefined();
    await store.close();
  });

  it('continues from a checkpoint: recorded tool outcomes are replayed, not executed again', async () => {
    const context = await setup();
    const { queue, events, ledger } = context;
    const startLog = join(directory, 'starts.jsonl');
    const agent = stepAgent({ ledger, startLog });
    scriptSteps(server, { steps: 2 });
    const checkpoint = redisStore('resume:');
    // A first copy of the run "dies" right after the save that recorded call_1's outcome: nothing
    // it tries to save after that reaches the store.
    let dead = false;
    const dying: CheckpointStore<RunState> = {
      load: (runId) => checkpoint.load(runId),
      delete: (runId) => checkpoint.delete(runId),
      async save(runId, state) {
        if (dead) throw new Error('the process is gone');
        await checkpoint.save(runId, state);
        if (state.pending?.calls[0]?.outcome === 'ok') dead = true;
        if (dead) throw new Error('killed right after the checkpoint');
      },
    };
    const input = 'Record two steps.';
    await expect(run({ client, agent, input, runId: 'run-resume', checkpoint: dying })).rejects.toThrow(
      /killed right after the checkpoint/,
    );
    expect(server.calls).toHaveLength(1);

    startWorker(context, checkpoint, agent);
    const job = await enqueueAgentRun(queue, { input: 'ignored: the checkpoint wins', runId: 'run-resume' });
    const result = await job.waitUntilFinished(events);

    expect(result).toMatchObject({ status: 'completed', finalOutput: 'finished after 2 steps', turns: 3 });
    // The usage of the turn done before the "crash" is carried by the checkpoint.
    expect(result.usage.requests).toBe(3);
    // call_1 started once (in the first copy); the worker replayed its outcome and ran only call_2.
    expect(readLedger<StartEntry>(startLog).map((s) => [s.callId, s.attempt])).toEqual([
      ['call_1', 1],
      ['call_2', 1],
    ]);
    expect(readLedger(ledger).map((e) => e.callId)).toEqual(['call_1', 'call_2']);
    const resent = server.calls[1]?.body as {
      input: { type?: string; call_id?: string; output?: string }[];
    };
    expect(resent.input.find((item) => item.type === 'function_call_output')).toMatchObject({
      call_id: 'call_1',
      output: 'step 1 recorded',
    });
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
  });

  it('returns the saved result of a run that finished before its worker died, without a model call', async () => {
    const context = await setup();
    const { queue, events } = context;
    const checkpoint = redisStore('done:');
    const state = stepperState('run-done');
    state.status = 'completed';
    state.finalOutput = 'already answered';
    await checkpoint.save('run-done', state);
    startWorker(context, checkpoint);
    const job = await enqueueAgentRun(queue, { input: 'hi', runId: 'run-done' });
    expect(await job.waitUntilFinished(events)).toMatchObject({
      status: 'completed',
      finalOutput: 'already answered',
    });
    expect(server.calls).toHaveLength(0);
  });

  it('fails a job with a corrupt checkpoint without retrying or starting over', async () => {
    const context = await setup();
    const { queue, events } = context;
    const checkpoint = redisStore('corrupt:');
    await checkpoint.redis.set(
      'corrupt:run-bad',
      '{"format":"mimo-agents.run-state","version":1,"runId":"run-b',
    );
    startWorker(context, checkpoint);
    const job = await enqueueAgentRun(queue, {
      input: 'hi',
      runId: 'run-bad',
      jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
    });
    await expect(job.waitUntilFinished(events)).rejects.toThrow(
      /run-bad.*corrupt:run-bad.*delete it to start over/,
    );
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(server.calls).toHaveLength(0);
    expect(await checkpoint.redis.get('corrupt:run-bad')).not.toBeNull();
  });
});

describe('createAgentWorker with a checkpoint its agent cannot continue', () => {
  it('fails the job naming the missing tool, before any request', async () => {
    const context = await setup();
    const { queue, events } = context;
    const checkpoint = redisStore('mismatch:');
    const state = stepperState('run-mismatch');
    state.pending = { turn: 1, calls: [{ callId: 'call_9', name: 'charge_card', arguments: '{}' }] };
    await checkpoint.save('run-mismatch', state);
    startWorker(context, checkpoint);
    const job = await enqueueAgentRun(queue, { input: 'hi', runId: 'run-mismatch' });
    await expect(job.waitUntilFinished(events)).rejects.toThrow(/"charge_card", which the agent lacks/);
    expect(server.calls).toHaveLength(0);
  });
});

describe('enqueueAgentRun', () => {
  it('uses the run id as job id, so a run is enqueued once, and refuses ids BullMQ cannot take', async () => {
    const { queue } = await setup();
    const first = await enqueueAgentRun(queue, { input: 'a', runId: 'order-1' });
    const again = await enqueueAgentRun(queue, { input: 'b', runId: 'order-1' });
    expect(again.id).toBe(first.id);
    expect(await queue.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
    const anonymous = await enqueueAgentRun(queue, { input: 'c' });
    expect(anonymous.data).toEqual({ input: 'c' });
    await expect(enqueueAgentRun(queue, { input: 'x', runId: '42' })).rejects.toThrow(/runId "42".*integer/);
    await expect(enqueueAgentRun(queue, { input: 'x', runId: 'a:b' })).rejects.toThrow(/Fix: use an id/);
  });
});
