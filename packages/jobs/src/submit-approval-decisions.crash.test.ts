import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolApprovalRequest } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { workerCheckpointPrefix } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { submitApprovalDecisions } from './submit-approval-decisions.js';
import { outputCallIds } from './test-support/request-input.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, type StartEntry, scriptSteps } from './test-support/step-agent.js';
import { startTsxChild } from './test-support/tsx-child.js';

const childScript = fileURLToPath(new URL('./test-support/agent-worker-child.ts', import.meta.url));

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('an approved call in a worker that is SIGKILLed', () => {
  it('after the decision, inside the approved tool: another worker finishes the run, the effect happens once', async () => {
    const server = await startTestServer({ strict: true });
    scriptSteps(server, { steps: 1 });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-approvals-crash-'));
    const queueName = `approval-crash-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
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
      APPROVAL: '1',
    };
    // The first worker pauses the run, then takes the continuation and hangs inside the approved tool.
    const first = startTsxChild(childScript, { ...env, HANG_IN: 'call_1' });
    const second = startTsxChild(childScript, { ...env, PAUSED: '1' });
    await Promise.all([first.waitFor(/^ready$/m), second.waitFor(/^ready$/m)]);
    const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'refund-crash' });
    const paused = await job.waitUntilFinished(events);
    expect(paused.status).toBe('interrupted');
    const request = paused.interruptions?.[0] as ToolApprovalRequest;
    expect(readLedger(ledger)).toEqual([]);

    const continuation = await submitApprovalDecisions(queue, {
      runId: 'refund-crash',
      checkpoint,
      decisions: [{ approvalId: request.approvalId, approve: true }],
    });
    await first.waitFor(/^hang call_1$/m);
    // The decision is in the saved state before the tool started: nothing is lost with the worker.
    const saved = await checkpoint.load('refund-crash');
    expect(saved?.pending?.calls[0]).toMatchObject({ attempts: 1, approval: { decision: 'approved' } });
    await first.kill();
    second.send('run');
    const result = await continuation.waitUntilFinished(events);

    expect(result).toMatchObject({
      runId: 'refund-crash',
      status: 'completed',
      finalOutput: 'finished after 1 steps',
    });
    // The approved call ran again in the second worker, as attempt 2 with the same key; one effect.
    expect(readLedger<StartEntry>(startLog).map((s) => [s.callId, s.attempt, s.pid])).toEqual([
      ['call_1', 1, first.proc.pid],
      ['call_1', 2, second.proc.pid],
    ]);
    expect(readLedger(ledger).map((e) => [e.key, e.attempt, e.pid])).toEqual([
      ['refund-crash:call_1', 2, second.proc.pid],
    ]);
    expect(outputCallIds(server, 1)).toEqual(['call_1']);
    expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
    expect((await queue.getJob(continuation.id ?? ''))?.stalledCounter).toBeGreaterThanOrEqual(1);
  });
});
