import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type MimoClient } from '@mimo-agents/core';
import { createRunState, type RunEvent, type RunState } from '@mimo-agents/runner';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { createAgentWorker } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { startRedis, type TestRedis } from './testing/start-redis.js';
import { readLedger, scriptSteps, stepAgent } from './testing/step-agent.js';

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
    const { name, connection, queue, events, ledger } = await setup();
    scriptSteps(server, { steps: 2 });
    const checkpoint = createRedisCheckpointStore<RunState>({ connection: redis.url, prefix: 'resume:' });
    onTestFinished(() => checkpoint.close());
    // A state as a crashed worker leaves it: turn 1 asked for call_1, whose outcome was recorded.
    const state = createRunState({
      runId: 'run-resume',
      agent: { name: 'stepper', model: 'mimo-v2.5-pro' },
      input: [{ role: 'user', content: 'Record two steps.' }],
    });
    state.history.push({
      type: 'function_call',
      call_id: 'call_1',
      name: 'record_step',
      arguments: '{"n":1}',
    });
    state.turns.push({
      turn: 1,
      responseId: 'resp_earlier',
      status: 'completed',
      text: '',
      toolCalls: [
        {
          callId: 'call_1',
          name: 'record_step',
          arguments: '{"n":1}',
          outcome: 'ok',
          output: 'step 1 recorded',
        },
      ],
      usage: {
        requests: 1,
        inputTokens: 10,
        cachedTokens: 0,
        outputTokens: 5,
        reasoningTokens: 0,
        totalTokens: 15,
      },
      durationMs: 5,
      retries: 0,
    });
    state.pending = { turn: 1, calls: state.turns[0]!.toolCalls };
    await checkpoint.save('run-resume', state);

    const agentWorker = createAgentWorker({
      queue: name,
      connection,
      agent: stepAgent({ ledger }),
      client,
      checkpoint,
    });
    onTestFinished(() => agentWorker.close());
    const job = await enqueueAgentRun(queue, { input: 'ignored: the checkpoint wins', runId: 'run-resume' });
    const result = await job.waitUntilFinished(events);

    expect(result).toMatchObject({ status: 'completed', finalOutput: 'finished after 2 steps', turns: 3 });
    expect(readLedger(ledger).map((e) => e.callId)).toEqual(['call_2']);
    const firstInput = server.calls[0]?.body as {
      input: { type?: string; call_id?: string; output?: string }[];
    };
    expect(firstInput.input.find((item) => item.type === 'function_call_output')).toMatchObject({
      call_id: 'call_1',
      output: 'step 1 recorded',
    });
    expect(server.calls).toHaveLength(2);
  });

  it('returns the saved result of a run that finished before its worker died, without a model call', async () => {
    const { name, connection, queue, events, ledger } = await setup();
    const checkpoint = createRedisCheckpointStore<RunState>({ connection: redis.url, prefix: 'done:' });
    onTestFinished(() => checkpoint.close());
    const state = createRunState({
      runId: 'run-done',
      agent: { name: 'stepper', model: 'mimo-v2.5-pro' },
      input: [{ role: 'user', content: 'hi' }],
    });
    state.status = 'completed';
    state.finalOutput = 'already answered';
    await checkpoint.save('run-done', state);
    const agentWorker = createAgentWorker({
      queue: name,
      connection,
      agent: stepAgent({ ledger }),
      client,
      checkpoint,
    });
    onTestFinished(() => agentWorker.close());
    const job = await enqueueAgentRun(queue, { input: 'hi', runId: 'run-done' });
    expect(await job.waitUntilFinished(events)).toMatchObject({
      status: 'completed',
      finalOutput: 'already answered',
    });
    expect(server.calls).toHaveLength(0);
  });

  it('fails a job with a corrupt checkpoint without retrying or starting over', async () => {
    const { name, connection, queue, events, ledger } = await setup();
    const checkpoint = createRedisCheckpointStore<RunState>({ connection: redis.url, prefix: 'corrupt:' });
    onTestFinished(() => checkpoint.close());
    await checkpoint.redis.set(
      'corrupt:run-bad',
      '{"format":"mimo-agents.run-state","version":1,"runId":"run-b',
    );
    const agentWorker = createAgentWorker({
      queue: name,
      connection,
      agent: stepAgent({ ledger }),
      client,
      checkpoint,
    });
    onTestFinished(() => agentWorker.close());
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
    const { name, connection, queue, events, ledger } = await setup();
    const checkpoint = createRedisCheckpointStore<RunState>({ connection: redis.url, prefix: 'mismatch:' });
    onTestFinished(() => checkpoint.close());
    const state = createRunState({
      runId: 'run-mismatch',
      agent: { name: 'stepper', model: 'mimo-v2.5-pro' },
      input: [{ role: 'user', content: 'hi' }],
    });
    state.pending = { turn: 1, calls: [{ callId: 'call_9', name: 'charge_card', arguments: '{}' }] };
    await checkpoint.save('run-mismatch', state);
    const agentWorker = createAgentWorker({
      queue: name,
      connection,
      agent: stepAgent({ ledger }),
      client,
      checkpoint,
    });
    onTestFinished(() => agentWorker.close());
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
