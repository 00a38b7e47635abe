import { ConfigError, createClient } from '@mimo-agents/core';
import { type Agent, agentTool, createMemoryCheckpointStore } from '@mimo-agents/runner';
import { type ReplySpec, startTestServer } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { expect, it, onTestFinished } from 'vitest';
import { changeLogKeys } from './checkpoint-change-log.js';
import { createAgentWorker, workerCheckpointPrefix } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { MAX_KEEP_FINISHED_FOR_MS } from './finished-retention.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { startRedis } from './test-support/start-redis.js';
import { stepAgent } from './test-support/step-agent.js';

const HOUR = 3_600_000;
const call = (callId: string, name = 'record_step'): ReplySpec => ({
  type: 'output',
  items: [
    { type: 'function_call', name, arguments: name === 'record_step' ? '{"n":1}' : '{"input":"go"}', callId },
  ],
});
const text = (answer: string): ReplySpec => ({ type: 'output', items: [{ type: 'message', text: answer }] });

it('keeps finished runs (and their sub-runs) for keepFinishedFor on real Redis; running and interrupted runs never expire', async () => {
  const redis = await startRedis();
  onTestFinished(() => redis.stop());
  const server = await startTestServer({ strict: true });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
  const name = `keep-finished-${process.pid}`;
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const ledger = '/dev/null';
  const stepper: Agent = { ...stepAgent({ ledger }), instructions: 'S' };
  const approver: Agent = {
    ...stepAgent({ ledger, needsApproval: true }),
    name: 'approver',
    instructions: 'A',
  };
  const lead: Agent = {
    name: 'lead',
    model: 'mimo-v2.6-pro',
    instructions: 'L',
    tools: [
      agentTool(stepper, { name: 'ask_stepper', description: 'Ask the stepper', keepCheckpoint: true }),
    ],
  };
  // Replies per agent (by instructions): the lead calls the stepper once; the stepper records one step;
  // the approver's step waits for a person; the last stepper run fails on a bad request.
  const queues: Record<string, ReplySpec[]> = {
    L: [call('call_sub', 'ask_stepper'), text('lead done')],
    S: [
      call('call_1'),
      text('stepper done'),
      call('call_1'),
      { type: 'error', status: 400, body: { error: { message: 'bad luck' } } },
    ],
    A: [call('call_1')],
  };
  for (let i = 0; i < 7; i++)
    server.reply.with((request) => queues[request.instructions ?? '']?.shift() ?? text('unexpected'));
  const worker = createAgentWorker({
    queue: name,
    connection,
    agents: [lead, approver, stepper],
    client,
    keepFinishedFor: HOUR,
  });
  const store = createRedisCheckpointStore({ connection: redis.url, prefix: workerCheckpointPrefix(name) });
  onTestFinished(async () => {
    await worker.close();
    await store.close();
    await events.close();
    await queue.close();
    await client.close();
    await server.close();
  });
  const pttl = (runId: string) => store.redis.pttl(store.keyFor(runId));

  const waiting = await enqueueAgentRun(queue, { input: 'one step', runId: 'r-waiting', agent: 'approver' });
  expect(await waiting.waitUntilFinished(events)).toMatchObject({ status: 'interrupted' });
  const done = await enqueueAgentRun(queue, { input: 'ask', runId: 'r-done', agent: 'lead' });
  expect(await done.waitUntilFinished(events)).toMatchObject({ status: 'completed' });
  // The expiry is set right after BullMQ records the completion: wait for it.
  await expect.poll(() => pttl('r-done'), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await pttl('r-done')).toBeLessThanOrEqual(HOUR);
  // The agentTool call's sub-run, saved as <runId>/<callId>, expires with its run.
  expect(await store.load('r-done/call_sub')).toMatchObject({ status: 'completed' });
  await expect.poll(() => pttl('r-done/call_sub'), { timeout: 10_000 }).toBeGreaterThan(0);
  // The interrupted run (completed job, status interrupted) keeps no expiry: -1.
  expect(await pttl('r-waiting')).toBe(-1);
  // The worker's (fenced) saves are in its store's change log, which the inspector polls; the
  // expiries are not (the inspector's full scan notices a checkpoint that expired).
  const { logKey } = changeLogKeys(workerCheckpointPrefix(name));
  expect(await store.redis.zscore(logKey, 'r-waiting')).not.toBeNull();
  expect(await store.redis.zscore(logKey, 'r-done/call_sub')).not.toBeNull();

  const failing = await enqueueAgentRun(queue, { input: 'fail', runId: 'r-failed', agent: 'stepper' });
  await expect(failing.waitUntilFinished(events)).rejects.toThrow();
  expect(await store.load('r-failed')).toMatchObject({ status: 'failed' });
  await expect.poll(() => pttl('r-failed'), { timeout: 10_000 }).toBeGreaterThan(0);

  // A save (a resumed run) replaces the value and drops the expiry: a running run never expires.
  const state = await store.load('r-done');
  if (state === undefined) throw new Error('r-done is gone');
  await store.save('r-done', { ...state, status: 'running' });
  expect(await pttl('r-done')).toBe(-1);
}, 60_000);

it('refuses a keepFinishedFor out of bounds, next to deleteCheckpointOnComplete, or on a store that cannot expire', () => {
  const client = createClient({ baseURL: 'http://127.0.0.1:9', apiKey: 'sk-test' });
  onTestFinished(() => client.close());
  const base = {
    queue: 'q',
    connection: { host: '127.0.0.1', port: 9 },
    agent: stepAgent({ ledger: '/dev/null' }),
    client,
  };
  const refused = (extra: object) => {
    try {
      createAgentWorker({ ...base, ...extra });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error('accepted');
  };
  expect(refused({ keepFinishedFor: 10 })).toMatch(/keepFinishedFor.*got 10.*Fix: give the milliseconds/);
  expect(refused({ keepFinishedFor: MAX_KEEP_FINISHED_FOR_MS + 1 })).toContain('30 days');
  expect(refused({ keepFinishedFor: 1.5 * HOUR + 0.5 })).toContain('whole number');
  expect(refused({ keepFinishedFor: HOUR, deleteCheckpointOnComplete: true })).toContain('not both');
  expect(refused({ keepFinishedFor: HOUR, checkpoint: createMemoryCheckpointStore() })).toContain(
    'cannot expire',
  );
  // The default store's change log settings are checked before the worker opens anything.
  expect(refused({ checkpointChangeLog: { maxRuns: 5 } })).toMatch(
    /Invalid changeLog\.maxRuns \(got 5\)\. Fix:/,
  );
});
