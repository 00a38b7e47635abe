import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { inputOf, outputCallIds } from './test-support/request-input.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, type StartEntry, scriptSteps } from './test-support/step-agent.js';
import { startTsxChild, type TsxChild } from './test-support/tsx-child.js';

const childScript = fileURLToPath(new URL('./test-support/agent-worker-child.ts', import.meta.url));

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

function startWorker(env: Record<string, string>): TsxChild {
  return startTsxChild(childScript, env);
}

async function setup(server: TestServer) {
  const directory = await mkdtemp(join(tmpdir(), 'mimo-jobs-crash-'));
  const queueName = `crash-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<AgentJobData, AgentJobResult>(queueName, { connection });
  const events = new QueueEvents(queueName, { connection });
  await events.waitUntilReady();
  onTestFinished(async () => {
    await events.close();
    await queue.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });
  const ledger = join(directory, 'ledger.jsonl');
  const startLog = join(directory, 'starts.jsonl');
  const env = {
    REDIS_PORT: String(redis.port),
    QUEUE: queueName,
    MIMO_BASE_URL: server.url,
    MIMO_API_KEY: server.apiKey,
    LEDGER: ledger,
    START_LOG: startLog,
  };
  return { queue, events, ledger, startLog, env };
}

describe('agent workers in separate processes', () => {
  it('a worker SIGKILLed inside a tool leaves a stalled job that another worker resumes and finishes', async () => {
    const server = await startTestServer({ strict: true });
    scriptSteps(server, { steps: 3 });
    const { queue, events, ledger, startLog, env } = await setup(server);

    // Both processes start at once (a process takes seconds to boot); the second waits, paused.
    const first = startWorker({ ...env, HANG_IN: 'call_2' });
    const second = startWorker({ ...env, PAUSED: '1' });
    await Promise.all([first.waitFor(/^ready$/m), second.waitFor(/^ready$/m)]);
    const job = await enqueueAgentRun(queue, { input: 'Record three steps.', runId: 'run-crash' });
    await first.waitFor(/^hang call_2$/m);
    await first.kill();
    second.send('run');
    const result = await job.waitUntilFinished(events);

    expect(result).toMatchObject({
      runId: 'run-crash',
      status: 'completed',
      finalOutput: 'finished after 3 steps',
    });
    expect(result.turns).toBe(4);
    // Each call's side effect happened exactly once: call_1 in the first worker, the rest in the second.
    const entries = readLedger(ledger);
    expect(entries.map((e) => e.callId)).toEqual(['call_1', 'call_2', 'call_3']);
    expect(entries[0]?.pid).toBe(first.proc.pid);
    expect(entries[1]?.pid).toBe(second.proc.pid);
    expect(entries[2]?.pid).toBe(second.proc.pid);
    // call_2 had started (and was saved as started) when the first worker died: the second worker ran
    // it again as attempt 2, with the same idempotency key; the other calls ran once, as attempt 1.
    expect(entries.map((e) => [e.key, e.attempt])).toEqual([
      ['run-crash:call_1', 1],
      ['run-crash:call_2', 2],
      ['run-crash:call_3', 1],
    ]);
    expect(readLedger<StartEntry>(startLog).map((s) => [s.callId, s.attempt, s.pid])).toEqual([
      ['call_1', 1, first.proc.pid],
      ['call_2', 1, first.proc.pid],
      ['call_2', 2, second.proc.pid],
      ['call_3', 1, second.proc.pid],
    ]);
    // No model turn was sent twice and the strict server accepted every history it received.
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200, 200]);
    const outputs = outputCallIds(server, 3);
    expect(outputs).toEqual(['call_1', 'call_2', 'call_3']);
    const finished = await queue.getJob('run-crash');
    expect(finished?.stalledCounter).toBeGreaterThanOrEqual(1);
  });
});

describe('agent workers in separate processes, killed mid-stream', () => {
  it('a worker SIGKILLed while a model turn streams: the other worker resends that turn from the checkpoint', async () => {
    const server = await startTestServer({ strict: true });
    let secondTurnArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      secondTurnArrived = resolve;
    });
    scriptSteps(server, {
      steps: 2,
      onRequest: (index) => {
        if (index === 1) secondTurnArrived();
      },
      // The first worker's second turn streams slowly, so the kill lands in the middle of it.
      streamingFor: (index) => (index === 1 ? { deltaSize: 1, eventDelayMs: 20 } : undefined),
    });
    const { queue, events, ledger, startLog, env } = await setup(server);

    const first = startWorker(env);
    const second = startWorker({ ...env, PAUSED: '1' });
    await Promise.all([first.waitFor(/^ready$/m), second.waitFor(/^ready$/m)]);
    const job = await enqueueAgentRun(queue, { input: 'Record two steps.', runId: 'run-stream-crash' });
    await arrived;
    await first.waitFor(/turn\.started[\s\S]*turn\.started/);
    await first.kill();
    second.send('run');
    const result = await job.waitUntilFinished(events);

    expect(result).toMatchObject({ status: 'completed', finalOutput: 'finished after 2 steps' });
    expect(readLedger(ledger).map((e) => [e.callId, e.pid])).toEqual([
      ['call_1', first.proc.pid],
      ['call_2', second.proc.pid],
    ]);
    // No tool was running when the first worker died: nothing ran twice, every call is attempt 1.
    expect(readLedger<StartEntry>(startLog).map((s) => [s.callId, s.attempt])).toEqual([
      ['call_1', 1],
      ['call_2', 1],
    ]);
    // Request 1 died with the first worker; request 2 is the same turn, resent from the saved history.
    expect(server.calls).toHaveLength(4);
    expect(server.calls[1]?.clientAborted).toBe(true);
    expect(inputOf(server, 2)).toEqual(inputOf(server, 1));
    expect(inputOf(server, 2).length).toBeGreaterThan(1);
    expect(server.calls.filter((call) => call.status !== 200)).toEqual([]);
  });
});
