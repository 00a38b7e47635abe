import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createClient } from '@mimo-agents/core';
import { createMemoryCheckpointStore } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { type CreateAgentWorkerOptions, createAgentWorker } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { workerRunOwnerPrefix } from './run-ownership.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, scriptSteps, stepAgent } from './test-support/step-agent.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const DAY_MS = 86_400_000;
let queueCount = 0;

/** A queue, a worker with these options and a scripted model; runs one job of one tool step to its end. */
async function runOneJob(worker: Partial<CreateAgentWorkerOptions>) {
  const server = await startTestServer({ strict: true });
  scriptSteps(server, { steps: 1 });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const directory = await mkdtemp(join(tmpdir(), 'mimo-run-owner-settings-'));
  const name = `owner-settings-${process.pid}-${++queueCount}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  const plain = new Redis(redis.url);
  onTestFinished(async () => {
    plain.disconnect();
    await events.close();
    await queue.close();
    await client.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });
  await events.waitUntilReady();
  const ledger = join(directory, 'ledger.jsonl');
  const agentWorker = createAgentWorker({
    queue: name,
    connection,
    agent: stepAgent({ ledger }),
    client,
    ...worker,
  });
  onTestFinished(() => agentWorker.close());
  const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'settings-1' });
  const result = await job.waitUntilFinished(events);
  const ownerKey = `${workerRunOwnerPrefix(name)}settings-1`;
  return { result, ledger: readLedger(ledger), ownerTtl: await plain.pttl(ownerKey) };
}

const client = createClient({ baseURL: 'http://127.0.0.1:9', apiKey: 'sk-test' });
afterAll(() => client.close());

/** What `createAgentWorker` throws for these options; undefined when it creates the worker (then closed). */
async function refusal(options: Partial<CreateAgentWorkerOptions>): Promise<unknown> {
  let worker: { close(): Promise<void> };
  try {
    worker = createAgentWorker({
      queue: `owner-settings-${process.pid}-refusal`,
      connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null },
      client,
      agent: stepAgent({ ledger: '' }),
      ...options,
    });
  } catch (caught) {
    return caught;
  }
  await worker.close();
  return undefined;
}

describe('createAgentWorker run ownership settings', () => {
  it('a worker that never set runOwnerTtl is not refused for a long lockDuration: the default outlives lockDuration + stalledInterval', async () => {
    const { result, ledger, ownerTtl } = await runOneJob({ lockDuration: DAY_MS });
    expect(result).toMatchObject({ status: 'completed', finalOutput: 'finished after 1 steps' });
    expect(ledger).toHaveLength(1);
    // The run's owner record was written with lockDuration + stalledInterval (30 s) + 1 min.
    expect(ownerTtl).toBeGreaterThan(DAY_MS + 30_000);
    expect(ownerTtl).toBeLessThanOrEqual(DAY_MS + 90_000);
  });

  it('with a checkpoint store of your own (no owner records), the run ownership settings are neither used nor checked', async () => {
    const { result, ledger, ownerTtl } = await runOneJob({
      checkpoint: createMemoryCheckpointStore(),
      lockDuration: DAY_MS,
      runOwnerTtl: 1_000,
      runBusyRetryDelay: 5,
    });
    expect(result).toMatchObject({ status: 'completed', finalOutput: 'finished after 1 steps' });
    expect(ledger).toHaveLength(1);
    expect(ownerTtl).toBe(-2);
  });

  it("the range a too small runOwnerTtl is refused with is the sum check's: its lowest value is taken, one below is not", async () => {
    for (const [timings, lowest] of [
      [{}, 60_001],
      [{ lockDuration: 60_000 }, 90_001],
      [{ lockDuration: 1_000, workerOptions: { stalledInterval: 89_000 } }, 90_001],
      [{ lockDuration: 10_000, stalledInterval: 5_000 }, 60_000],
    ] as const) {
      for (const tooSmall of [1_000, 59_999, lowest - 1]) {
        const error = await refusal({ ...timings, runOwnerTtl: tooSmall });
        expect(error).toBeInstanceOf(ConfigError);
        expect(error).toMatchObject({ field: 'runOwnerTtl' });
        const told = /Fix: give milliseconds as a whole number from (\d+) to 2592000000 \(30 days\)/.exec(
          (error as Error).message,
        );
        expect(Number(told?.[1])).toBe(lowest);
      }
      expect(await refusal({ ...timings, runOwnerTtl: lowest })).toBeUndefined();
    }
  });

  it('refuses run ownership settings out of bounds, naming the field', async () => {
    for (const [field, value] of [
      ['runBusyRetryDelay', 5],
      ['maxRunBusyWait', 999],
      ['runOwnerTtl', 1_000],
      ['runOwnerTtl', 1.5e5 + 0.5],
      ['runOwnerTtl', 30 * DAY_MS + 1],
    ] as const) {
      const error = await refusal({ [field]: value });
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({
        field,
        message: expect.stringMatching(new RegExp(`^Invalid ${field} \\(got ${value}\\)\\. Fix: `)),
      });
    }
  });

  it('refuses a runOwnerTtl not above lockDuration + stalledInterval (a dead job would lose its run before it is seen dead)', async () => {
    // BullMQ's defaults: 30 s each.
    expect(await refusal({ runOwnerTtl: 60_000 })).toMatchObject({
      name: 'ConfigError',
      field: 'runOwnerTtl',
      message:
        'Invalid runOwnerTtl (got 60000, not above lockDuration + stalledInterval (30000 + 30000 ms)). ' +
        'Fix: give milliseconds as a whole number from 60001 to 2592000000 (30 days), that is at least ' +
        '60000 (1 min) and above lockDuration + stalledInterval (30000 + 30000 ms); or lower those two; ' +
        'or leave runOwnerTtl unset (default: 1 day, or lockDuration + stalledInterval + 1 min when that is longer).',
    });
    expect(await refusal({ runOwnerTtl: 90_000, lockDuration: 60_000 })).toBeInstanceOf(ConfigError);
    // BullMQ takes workerOptions over the worker's own lockDuration / stalledInterval: so does the check.
    expect(
      await refusal({ runOwnerTtl: 90_000, lockDuration: 1_000, workerOptions: { stalledInterval: 89_000 } }),
    ).toMatchObject({ field: 'runOwnerTtl', message: expect.stringContaining('(1000 + 89000 ms)') });
  });

  it('refuses a runBusyRetryDelay above maxRunBusyWait', async () => {
    const error = await refusal({ runBusyRetryDelay: 600_000, maxRunBusyWait: 1_000 });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^Invalid runBusyRetryDelay \(got 600000, more than maxRunBusyWait \(1000\)\)\. Fix: give runBusyRetryDelay at most maxRunBusyWait/,
    );
  });
});
