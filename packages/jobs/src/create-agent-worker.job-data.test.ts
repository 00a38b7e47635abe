import { ConfigError, createClient, type MimoClient } from '@mimo-agents/core';
import type { Agent } from '@mimo-agents/runner';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { createAgentWorker } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import type { RunOrResumeOptions } from './run-or-resume.js';
import { runOrResume } from './run-or-resume.js';
import { submitApprovalDecisions } from './submit-approval-decisions.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';

let redis: TestRedis;
let server: TestServer;
let client: MimoClient;
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
});

async function setup() {
  server = await startTestServer({ strict: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const name = `job-data-${process.pid}-${++queueCount}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  onTestFinished(async () => {
    await events.close();
    await queue.close();
  });
  return { name, connection, queue, events };
}

/** An agent whose one tool answers with the agent's name and the context it was given. */
function whoAmI(name: string, seen: unknown[], needsApproval = false): Agent {
  const who = tool({
    name: 'who_am_i',
    description: 'Says who runs and for whom',
    parameters: z.object({}),
    needsApproval,
    execute: (_args, ctx) => {
      seen.push({ agent: name, context: ctx.context });
      return { agent: name, context: ctx.context };
    },
  });
  return { name, model: 'mimo-v2.6-pro', tools: [who] };
}

describe('a job carries its own data', () => {
  it("runs the agent the job names with the job's own context; runAgent sees the job", async () => {
    const { name, connection, queue, events } = await setup();
    const seen: unknown[] = [];
    const jobsSeen: (string | undefined)[] = [];
    const agentWorker = createAgentWorker({
      queue: name,
      connection,
      client,
      agents: [whoAmI('support', seen), whoAmI('billing', seen)],
      settings: { context: { tenant: 'worker-default' } },
      runAgent: (options: RunOrResumeOptions) => {
        jobsSeen.push(options.job?.id);
        return runOrResume(options);
      },
    });
    onTestFinished(() => agentWorker.close());
    server.reply.functionCalls([{ name: 'who_am_i', arguments: {} }]);
    server.reply.text('billing done');
    const billing = await enqueueAgentRun(queue, {
      input: 'hi',
      runId: 'job-billing',
      agent: 'billing',
      context: { tenant: 'acme', user: 'u-1' },
    });
    expect(billing.data).toMatchObject({ agent: 'billing', context: { tenant: 'acme', user: 'u-1' } });
    await expect(billing.waitUntilFinished(events)).resolves.toMatchObject({ finalOutput: 'billing done' });
    server.reply.functionCalls([{ name: 'who_am_i', arguments: {} }]);
    server.reply.text('default done');
    const plain = await enqueueAgentRun(queue, { input: 'hi', runId: 'job-plain' });
    await expect(plain.waitUntilFinished(events)).resolves.toMatchObject({ finalOutput: 'default done' });
    expect(seen).toEqual([
      { agent: 'billing', context: { tenant: 'acme', user: 'u-1' } },
      { agent: 'support', context: { tenant: 'worker-default' } },
    ]);
    expect(jobsSeen).toEqual(['job-billing', 'job-plain']);
  });

  it("an approval's continuation job runs the paused run's agent with the paused job's context", async () => {
    const { name, connection, queue, events } = await setup();
    const seen: unknown[] = [];
    const agentWorker = createAgentWorker({
      queue: name,
      connection,
      client,
      agents: [whoAmI('support', seen), whoAmI('billing', seen, true)],
      settings: { context: { tenant: 'worker-default' } },
    });
    onTestFinished(() => agentWorker.close());
    server.reply.functionCalls([{ name: 'who_am_i', arguments: {} }]);
    server.reply.text('billing done');
    const job = await enqueueAgentRun(queue, {
      input: 'hi',
      runId: 'job-approve',
      agent: 'billing',
      context: { tenant: 'acme' },
    });
    const paused = await job.waitUntilFinished(events);
    expect(paused.status).toBe('interrupted');
    expect(seen).toEqual([]);
    const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
    const continuation = await submitApprovalDecisions(queue, {
      runId: 'job-approve',
      checkpoint: agentWorker.checkpoint,
      decisions: [{ approvalId, approve: true }],
    });
    expect(continuation.data).toMatchObject({ agent: 'billing', context: { tenant: 'acme' } });
    await expect(continuation.waitUntilFinished(events)).resolves.toMatchObject({
      status: 'completed',
      finalOutput: 'billing done',
    });
    expect(seen).toEqual([{ agent: 'billing', context: { tenant: 'acme' } }]);
  });

  it('a job naming an agent the worker lacks fails at once, naming the agents it has', async () => {
    const { name, connection, queue, events } = await setup();
    const agentWorker = createAgentWorker({ queue: name, connection, client, agent: whoAmI('support', []) });
    onTestFinished(() => agentWorker.close());
    const job = await enqueueAgentRun(queue, {
      input: 'hi',
      runId: 'job-lost',
      agent: 'biling',
      jobOptions: { attempts: 3 },
    });
    await expect(job.waitUntilFinished(events)).rejects.toThrow(
      /"biling" is not one of this worker's agents: support/,
    );
    expect((await queue.getJob('job-lost'))?.attemptsMade).toBe(1);
    expect(server.calls).toHaveLength(0);
  });

  it('refuses a context that JSON would change, before enqueueing', async () => {
    const { queue } = await setup();
    await expect(enqueueAgentRun(queue, { input: 'x', context: { at: new Date(0) } })).rejects.toBeInstanceOf(
      ConfigError,
    );
    expect(await queue.getJobCounts('waiting')).toMatchObject({ waiting: 0 });
  });

  it('refuses a runId with "/" (it would read as a sub-run of "tenant"), before enqueueing', async () => {
    const { queue } = await setup();
    const refused = await enqueueAgentRun(queue, { input: 'x', runId: 'tenant/order-1' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect(refused).toMatchObject({ field: 'runId' });
    expect((refused as Error).message).toMatch(
      /"tenant\/order-1" contains "\/".*Fix: use an id without "\/"/,
    );
    expect(await queue.getJobCounts('waiting')).toMatchObject({ waiting: 0 });
  });
});
