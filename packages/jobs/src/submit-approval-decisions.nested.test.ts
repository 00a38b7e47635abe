import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@mimo-agents/core';
import { type Agent, agentTool, signApprovalDecision, type ToolApprovalRequest } from '@mimo-agents/runner';
import { type ReplySpec, startTestServer, type WireRequest } from '@mimo-agents/testing';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import { createAgentWorker, workerCheckpointPrefix } from './create-agent-worker.js';
import { enqueueAgentRun } from './enqueue-agent-run.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import { submitApprovalDecisions } from './submit-approval-decisions.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { readLedger, stepAgent } from './test-support/step-agent.js';

let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

/**
 * The scripted model: the lead (instructions 'L') asks the stepper once and then quotes its answer; the
 * stepper records step 1 (its tool needs approval) and then reports the tool's output.
 */
function reply(request: WireRequest): ReplySpec {
  const input = typeof request.input === 'string' ? [] : request.input;
  const outputs = input
    .filter((item) => item.type === 'function_call_output')
    .map((item) => String(item.output));
  if (request.instructions === 'L')
    return outputs.length === 0
      ? {
          type: 'output',
          items: [
            { type: 'function_call', name: 'ask_stepper', arguments: '{"input":"record"}', callId: 'call_w' },
          ],
        }
      : { type: 'output', items: [{ type: 'message', text: `lead: ${outputs.join(' | ')}` }] };
  return outputs.length === 0
    ? {
        type: 'output',
        items: [{ type: 'function_call', name: 'record_step', arguments: '{"n":1}', callId: 'call_1' }],
      }
    : { type: 'output', items: [{ type: 'message', text: `stepper: ${outputs.join(' | ')}` }] };
}

describe('approvals of an agent tool sub-run through BullMQ', () => {
  it('the job completes interrupted with the nested request; decisions submitted for the top run resume both', async () => {
    const secret = 'a test secret of at least 16 bytes';
    const server = await startTestServer({ strict: true });
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-nested-approvals-'));
    for (let i = 0; i < 10; i += 1) server.reply.with(reply);
    const name = `nested-approvals-${process.pid}`;
    const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
    const queue = new Queue<AgentJobData, AgentJobResult>(name, { connection });
    const events = new QueueEvents(name, { connection });
    await events.waitUntilReady();
    const ledger = join(directory, 'ledger.jsonl');
    const stepper = stepAgent({ ledger, needsApproval: true });
    const lead: Agent = {
      name: 'lead',
      model: 'mimo-v2.6-pro',
      instructions: 'L',
      tools: [agentTool(stepper, { name: 'ask_stepper', description: 'Records steps' })],
    };
    const worker = createAgentWorker({
      queue: name,
      connection,
      agent: lead,
      client,
      approvalSecret: secret,
    });
    const checkpoint = createRedisCheckpointStore({
      connection: redis.url,
      prefix: workerCheckpointPrefix(name),
    });
    onTestFinished(async () => {
      await worker.close();
      await checkpoint.close();
      await events.close();
      await queue.close();
      await client.close();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });

    const job = await enqueueAgentRun(queue, { input: 'Record one step.', runId: 'team-1' });
    const paused = await job.waitUntilFinished(events);
    expect(paused).toMatchObject({ runId: 'team-1', status: 'interrupted' });
    const request = paused.interruptions?.[0] as ToolApprovalRequest;
    expect(paused.interruptions).toHaveLength(1);
    expect(request).toMatchObject({
      runId: 'team-1/call_w',
      callId: 'call_1',
      toolName: 'record_step',
      agentPath: ['lead', 'stepper'],
    });
    expect(await (await queue.getJob('team-1'))?.getState()).toBe('completed');
    expect((await checkpoint.load('team-1'))?.status).toBe('interrupted');
    expect((await checkpoint.load('team-1/call_w'))?.status).toBe('interrupted');
    expect(readLedger(ledger)).toEqual([]);

    // The sub-run's own id (as its request and an inspector page show it) is refused, naming the top run:
    // a job for the sub-run alone would run it without its parent.
    const bySubRunId = submitApprovalDecisions(queue, {
      runId: 'team-1/call_w',
      checkpoint,
      approvalSecret: secret,
      decisions: [signApprovalDecision({ request, approve: true, secret })],
    });
    await expect(bySubRunId).rejects.toMatchObject({ code: 'approval_in_sub_run', runId: 'team-1/call_w' });
    await expect(bySubRunId).rejects.toThrow(/submit the decisions with runId "team-1"/);
    expect(await queue.getJob('team-1/call_w-approval-1')).toBeUndefined();
    expect((await checkpoint.load('team-1/call_w'))?.status).toBe('interrupted');

    // Checked against the sub-run's saved state before anything is enqueued: a forged one is refused.
    const submit = (decision: ReturnType<typeof signApprovalDecision>) =>
      submitApprovalDecisions(queue, {
        runId: 'team-1',
        checkpoint,
        approvalSecret: secret,
        decisions: [decision],
      });
    await expect(
      submit(signApprovalDecision({ request, approve: true, secret: 'not the secret, 16+ bytes' })),
    ).rejects.toMatchObject({ code: 'approval_signature_invalid' });
    expect(await queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({
      waiting: 0,
      active: 0,
      delayed: 0,
    });

    const continuation = await submit(signApprovalDecision({ request, approve: true, secret }));
    expect(continuation.id).toMatch(/^team-1-approval-\d+$/);
    const result = await continuation.waitUntilFinished(events);
    expect(result).toMatchObject({
      runId: 'team-1',
      status: 'completed',
      finalOutput: 'lead: stepper: step 1 recorded',
    });
    // The sub-run's tool ran once, keyed under the sub-run's id; every model turn was sent once.
    expect(readLedger(ledger).map((e) => [e.key, e.attempt])).toEqual([['team-1/call_w:call_1', 1]]);
    expect(server.calls.map((call) => (call.body as { instructions?: string }).instructions)).toEqual([
      'L',
      'Record the steps.',
      'Record the steps.',
      'L',
    ]);
  });
});
