import { createClient, type MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  agentTool,
  createRunState,
  deleteRunCheckpoints,
  type Instrumentation,
  type RunEvent,
  type RunState,
} from '@mimo-agents/runner';
import { type ReplySpec, startTestServer, type TestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { createAgentWorker, workerCheckpointPrefix } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';

let redis: TestRedis;
let queueCount = 0;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

async function setup(): Promise<{
  server: TestServer;
  client: MimoClient;
  name: string;
  queue: Queue<AgentJobData, AgentJobResult>;
  events: QueueEvents;
}> {
  const server = await startTestServer({ strict: true });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const name = `sub-agents-${process.pid}-${++queueCount}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  onTestFinished(async () => {
    await events.close();
    await queue.close();
    await client.close();
    await server.close();
  });
  return { server, client, name, queue, events };
}

/** The lead asks the billing agent (an agent tool) once, then answers; billing answers at once. */
function team(): Agent {
  const billing: Agent = { name: 'billing', model: 'mimo-v2.6-flash', instructions: 'B' };
  return {
    name: 'lead',
    model: 'mimo-v2.6-pro',
    instructions: 'P',
    tools: [agentTool(billing, { name: 'ask_billing', description: 'Billing questions' })],
  };
}

function scriptTeam(server: TestServer): void {
  let leadTurns = 0;
  const reply = (request: { instructions?: string }): ReplySpec => {
    if (request.instructions === 'B')
      return { type: 'output', items: [{ type: 'message', text: 'You owe 3 EUR.' }] };
    leadTurns += 1;
    return leadTurns === 1
      ? {
          type: 'output',
          items: [
            { type: 'function_call', name: 'ask_billing', arguments: '{"input":"owe?"}', callId: 'call_b' },
          ],
        }
      : { type: 'output', items: [{ type: 'message', text: 'Billing says: 3 EUR.' }] };
  };
  for (let i = 0; i < 3; i += 1) server.reply.with(reply);
}

/** An instrumentation that records what it wraps and passes everything through. */
function spyInstrumentation() {
  const seen = { runs: [] as string[], requests: [] as string[], tools: [] as string[] };
  const instrumentation: Instrumentation = {
    run: (info, work) => {
      seen.runs.push(info.runId);
      return work();
    },
    modelRequest: (info, work) => {
      seen.requests.push(`${info.runId}#${info.turn}`);
      return work({ retried: () => {} });
    },
    tool: (info, work) => {
      seen.tools.push(`${info.runId}:${info.name}`);
      return work();
    },
  };
  return { instrumentation, seen };
}

describe('createAgentWorker with sub-agents', () => {
  it('traces the run and its sub-run, publishes sub-agent events without deltas, deletes every checkpoint', async () => {
    const { server, client, name, queue, events } = await setup();
    scriptTeam(server);
    const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
    const { instrumentation, seen } = spyInstrumentation();
    const agentWorker = createAgentWorker({
      queue: name,
      connection,
      agent: team(),
      client,
      instrumentation,
    });
    onTestFinished(() => agentWorker.close());
    const progress: RunEvent[] = [];
    agentWorker.worker.on('progress', (_job, event) => progress.push(event as RunEvent));
    const deleted = new Promise<string[]>((resolve) => {
      const calls: string[] = [];
      const original = agentWorker.checkpoint.delete.bind(agentWorker.checkpoint);
      agentWorker.checkpoint.delete = async (runId) => {
        calls.push(runId);
        await original(runId);
        if (runId === 'job-team') resolve(calls);
      };
    });

    const job = await enqueueAgentRun(queue, { input: 'What do I owe?', runId: 'job-team' });
    const result = await job.waitUntilFinished(events);
    expect(result).toMatchObject({ status: 'completed', finalOutput: 'Billing says: 3 EUR.' });

    // The worker option reached the top run and, through it, the sub-run.
    expect(seen.runs).toEqual(['job-team', 'job-team/call_b']);
    expect(seen.requests).toEqual(['job-team#1', 'job-team/call_b#1', 'job-team#2']);
    expect(seen.tools).toEqual(['job-team:ask_billing']);

    // Sub-agent events arrive wrapped, their deltas filtered out like the parent's.
    const wrapped = progress.flatMap((event) => (event.type === 'agent.event' ? [event.event.type] : []));
    expect(wrapped).toContain('run.completed');
    expect(wrapped).toContain('turn.completed');
    expect(wrapped).not.toContain('text.delta');
    expect(progress.map((event) => event.type)).not.toContain('text.delta');

    // The sub-run's checkpoint went once the parent had saved its output; the top run's on completion.
    expect(await deleted).toEqual(['job-team']);
    const keys = new Redis(redis.url);
    onTestFinished(() => void keys.disconnect());
    expect(await keys.keys(`${workerCheckpointPrefix(name)}*`)).toEqual([]);
  });

  it('deleteRunCheckpoints on the Redis store sweeps sub-runs a crash left behind', async () => {
    const store = createRedisCheckpointStore({ connection: redis.url, prefix: `sweep-${process.pid}:` });
    onTestFinished(() => store.close());
    const withCall = (runId: string, callId: string): RunState => {
      const state = createRunState({
        runId,
        agent: { name: 'a', model: 'm' },
        input: [{ role: 'user', content: 'x' }],
      });
      state.turns.push({
        turn: 1,
        responseId: 'r',
        status: 'completed',
        text: '',
        toolCalls: [{ callId, name: 'ask', arguments: '{}', outcome: 'ok', output: 'y' }],
        usage: state.usage,
        durationMs: 1,
        retries: 0,
      });
      return state;
    };
    await store.save('top', withCall('top', 'c1'));
    await store.save('top/c1', withCall('top/c1', 'c2'));
    await store.save('top/c1/c2', withCall('top/c1/c2', 'c3'));
    await store.save('other', withCall('other', 'c1'));
    await deleteRunCheckpoints(store, 'top');
    expect(await store.load('top')).toBeUndefined();
    expect(await store.load('top/c1')).toBeUndefined();
    expect(await store.load('top/c1/c2')).toBeUndefined();
    expect(await store.load('other')).toBeDefined();
  });
});
