import { createClient, type MimoClient } from '@mimo-agents/core';
import { createRunState, encodeCheckpoint, type RunState } from '@mimo-agents/runner';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { createAgentWorker } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { stepAgent } from './test-support/step-agent.js';

// Issue 13 items 2 (the worker half) and 8.

let redis: TestRedis;
let server: TestServer | undefined;
let client: MimoClient | undefined;
let queueCount = 0;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup() {
  const testServer = await startTestServer({ strict: true });
  const mimo = createClient({ baseURL: testServer.url, apiKey: testServer.apiKey });
  server = testServer;
  client = mimo;
  const name = `hostile-${process.pid}-${++queueCount}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const checkpoint = createRedisCheckpointStore({ connection: redis.url, prefix: `${name}:` });
  const agent = stepAgent({ ledger: `/tmp/mimo-hostile-${process.pid}-${queueCount}.jsonl` });
  const worker = createAgentWorker({ queue: name, connection, agent, client: mimo, checkpoint });
  onTestFinished(async () => {
    await worker.close();
    await checkpoint.close();
    await events.close();
    await queue.close();
  });
  return { queue, events, checkpoint, agent, server: testServer };
}

describe('the worker treats damaged and mismatched checkpoints as unrecoverable (item 2)', () => {
  const damages: [string, (state: Record<string, unknown>) => void, RegExp][] = [
    ['usage: null', (state) => Object.assign(state, { usage: null }), /usage = null/],
    [
      'pending.calls not an array',
      (state) => Object.assign(state, { pending: { turn: 1, calls: { 0: 'x' } } }),
      /pending\.calls = an object/,
    ],
    [
      'a pending call the agent has no tool for',
      (state) =>
        Object.assign(state, {
          pending: { turn: 1, calls: [{ callId: 'call_9', name: 'charge_card', arguments: '{}' }] },
        }),
      /"charge_card", which the agent lacks/,
    ],
  ];

  it.each(damages)('%s: one attempt, no model request', async (_label, damage, message) => {
    const { queue, events, checkpoint, agent, server } = await setup();
    const state = createRunState({
      runId: 'run-x',
      agent: { name: agent.name, model: agent.model },
      input: [{ role: 'user', content: 'hi' }],
    }) as unknown as Record<string, unknown>;
    damage(state);
    // A valid envelope and checksum around a state of the wrong shape.
    await checkpoint.redis.set(checkpoint.keyFor('run-x'), encodeCheckpoint({ runId: 'run-x', state }));
    server.reply.text('never asked');
    server.reply.text('never asked');
    server.reply.text('never asked');
    const job = await enqueueAgentRun(queue, {
      input: 'hi',
      runId: 'run-x',
      jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
    });
    await expect(job.waitUntilFinished(events)).rejects.toThrow(message);
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(server.calls).toHaveLength(0);
  });
});

describe('the Redis checkpoint store survives Redis going away (item 8)', () => {
  it('its own client has an error listener: no "Unhandled error event", errors reach onConnectionError', async () => {
    const own = await startRedis();
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    onTestFinished(() => printed.mockRestore());
    const seen: Error[] = [];
    const quiet = createRedisCheckpointStore<RunState>({ connection: own.url });
    const observed = createRedisCheckpointStore<RunState>({
      connection: own.url,
      onConnectionError: (error) => seen.push(error),
    });
    await quiet.redis.ping();
    await observed.redis.ping();
    expect(quiet.redis.listenerCount('error')).toBeGreaterThan(0);
    await own.stop();
    // Each client reconnects (and fails) a few times: the errors were emitted.
    await Promise.all([quiet, observed].map((store) => reconnecting(store.redis)));
    await Promise.all([quiet, observed].map((store) => reconnecting(store.redis)));
    expect(seen.length).toBeGreaterThan(0);
    expect(printed.mock.calls.map((call) => String(call[0]))).not.toContainEqual(
      expect.stringContaining('Unhandled error event'),
    );
    quiet.redis.disconnect();
    observed.redis.disconnect();
  });
});

/** The next `reconnecting` event (events.once would reject on the `error` events this test is about). */
function reconnecting(redis: Redis): Promise<void> {
  return new Promise((resolve) => redis.once('reconnecting', () => resolve()));
}
