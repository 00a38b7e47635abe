import { createClient } from '@mimo-agents/core';
import { startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { createAgentWorker } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('createAgentWorker with structured output', () => {
  it("the job result's finalOutput is the validated object (repaired once on the way)", async () => {
    const server = await startTestServer({ strict: true });
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    const name = `agents-output-${process.pid}`;
    const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
    const queue = new Queue<AgentJobData, AgentJobResult<{ priority: 'low' | 'high' }>>(name, { connection });
    const events = new QueueEvents(name, { connection });
    await events.waitUntilReady();
    const agent = {
      name: 'triage',
      model: 'mimo-v2.6-pro',
      output: z.object({ priority: z.enum(['low', 'high']) }),
    };
    const agentWorker = createAgentWorker({ queue: name, connection, agent, client });
    onTestFinished(async () => {
      await agentWorker.close();
      await events.close();
      await queue.close();
      await client.close();
      await server.close();
    });
    server.reply.text('{"priority":"urgent"}');
    server.reply.text('{"priority":"high"}');

    const job = await enqueueAgentRun(queue, { input: 'The site is down!', runId: 'triage-1' });
    const result = await job.waitUntilFinished(events);

    expect(result).toMatchObject({
      runId: 'triage-1',
      status: 'completed',
      finalOutput: { priority: 'high' },
      turns: 2,
    });
    expect(JSON.stringify((server.calls[1]?.body as { input: unknown } | undefined)?.input)).toContain(
      'priority: ',
    );
  });
});
