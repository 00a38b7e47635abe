import type { WireRequest } from '@mimo-agents/testing';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { costOf, type PriceTable } from '../cost.js';
import type { RunEvent } from '../events.js';
import { resume, streamResume } from '../resume.js';
import { run, streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { approvalTeam, askAlpha, refundCall } from '../test-support/approval-team.js';
import { drain, startHarness } from '../test-support/harness.js';
import { refundTools } from '../test-support/refund-tools.js';
import { outputsIn, scriptTeam } from '../test-support/team-replies.js';
import { agentTool } from './agent-tool.js';

const model = 'mimo-v2.6-pro';
const price = { inputPerMTok: 1, cachedInputPerMTok: 0.5, outputPerMTok: 4 };
const prices: PriceTable = { [model]: price };
const team = approvalTeam;

function wrapped(events: RunEvent[], type: RunEvent['type']) {
  return events.flatMap((e) => (e.type === 'agent.event' && e.event.type === type ? [e] : []));
}

describe('an approval inside an agent tool sub-run', () => {
  it('interrupts the parent with the tagged request; approved on the parent, the tool runs once and the parent completes', async () => {
    const { server, client, lead, checkpoint, executions } = await team({ P: [askAlpha], A: [refundCall] });
    const stream = streamRun({ client, agent: lead, input: 'go', runId: 'job-1', checkpoint });
    const events = await drain(stream);
    const paused = await stream.finalResult();

    expect(paused.status).toBe('interrupted');
    expect(executions).toEqual([]);
    expect(paused.interruptions).toHaveLength(1);
    const request = paused.interruptions?.[0];
    expect(request).toMatchObject({
      runId: 'job-1/call_a',
      callId: 'call_r',
      toolName: 'refund',
      arguments: { orderId: 'A-1', amount: 40 },
      agentPath: ['lead', 'alpha'],
    });
    // The sub-run's own event reaches the parent wrapped; the parent reports it again once it is saved.
    const inner = wrapped(events, 'tool.approval_requested');
    expect(inner.map((e) => [e.agent, e.callId])).toEqual([[['lead', 'alpha'], 'call_a']]);
    const outer = events.filter((e) => e.type === 'tool.approval_requested');
    expect(outer).toEqual([{ type: 'tool.approval_requested', ...request }]);
    const types = events.map((e) => e.type);
    expect(types.slice(types.indexOf('tool.approval_requested'))).toEqual([
      'tool.approval_requested',
      'run.completed',
    ]);
    // The agent tool call has no outcome and no tool.completed; both runs are saved interrupted.
    expect(events.some((e) => e.type === 'tool.completed')).toBe(false);
    const parentSaved = await checkpoint.load('job-1');
    expect(parentSaved?.status).toBe('interrupted');
    expect(parentSaved?.pending?.calls[0]?.outcome).toBeUndefined();
    expect(parentSaved?.pending?.calls[0]?.subRun?.runId).toBe('job-1/call_a');
    expect((await checkpoint.load('job-1/call_a'))?.status).toBe('interrupted');
    // The sub-run's request already counts in the parent's usage.
    expect(paused.usage.requests).toBe(2);

    // Resuming without a decision interrupts again with the same request: nothing sent, nothing run.
    const again = await resume({ client, agent: lead, runId: 'job-1', checkpoint });
    expect(again.status).toBe('interrupted');
    expect(again.interruptions).toEqual(paused.interruptions);
    expect(server.calls).toHaveLength(2);
    // Nor saved: the parent's pause keeps its checkpointSeq (decisions bound to it still fit).
    expect((await checkpoint.load('job-1'))?.checkpointSeq).toBe(parentSaved?.checkpointSeq);

    const resumed = streamResume({
      client,
      agent: lead,
      runId: 'job-1',
      checkpoint,
      decisions: [{ approvalId: request?.approvalId ?? '', approve: true }],
    });
    const after = await drain(resumed);
    const done = await resumed.finalResult();
    expect(done.status).toBe('completed');
    expect(done.finalOutput).toBe('P: A: refunded 40 on A-1');
    expect(executions).toEqual([
      { tool: 'refund', callId: 'call_r', key: 'job-1/call_a:call_r', attempt: 1 },
    ]);
    // The resumed sub-run's events reach the parent's stream tagged with its path.
    const ran = wrapped(after, 'tool.completed');
    expect(ran.map((e) => [e.agent, e.callId])).toEqual([[['lead', 'alpha'], 'call_a']]);
    expect(wrapped(after, 'run.completed').map((e) => e.agent)).toEqual([['lead', 'alpha']]);
    // Every request counted exactly once: lead, alpha, alpha after the decision, lead.
    expect(server.calls.map((c) => (c.body as { instructions?: string }).instructions)).toEqual([
      'P',
      'A',
      'A',
      'P',
    ]);
    expect(done.usage.requests).toBe(4);
    // The call keeps its pause as an audit trail; a late decision is refused and runs nothing.
    expect(done.turns[0]?.toolCalls[0]?.subRun?.answer?.decisions).toHaveLength(1);
    await expect(
      resume({
        client,
        agent: lead,
        runId: 'job-1',
        checkpoint,
        decisions: [{ approvalId: request?.approvalId ?? '', approve: true }],
      }),
    ).rejects.toMatchObject({ name: 'ApprovalError', code: 'approval_already_settled' });
    expect(executions).toHaveLength(1);
  });

  it('rejected with a reason: the sub-agent reads the rejection and answers, and its answer is the tool output', async () => {
    const { server, client, lead, checkpoint, executions } = await team({ P: [askAlpha], A: [refundCall] });
    const paused = await run({ client, agent: lead, input: 'go', runId: 'job-2', checkpoint });
    expect((await checkpoint.load('job-2/call_a'))?.status).toBe('interrupted');
    const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
    const done = await resume({
      client,
      agent: lead,
      runId: 'job-2',
      checkpoint,
      decisions: [{ approvalId, approve: false, reason: 'Over the limit.' }],
    });
    expect(executions).toEqual([]);
    const rejected =
      'Rejected: a person declined this call to refund, so it was not run. Reason: Over the limit.';
    expect(done.finalOutput).toBe(`P: A: ${rejected}`);
    // Alpha's second request carried the rejection as the call's output.
    expect(outputsIn(server.calls[2]?.body as WireRequest)).toEqual([rejected]);
    // Its checkpoint was kept while it waited, and deleted once the lead saved the call's output.
    expect(await checkpoint.load('job-2/call_a')).toBeUndefined();
  });

  it('two levels deep: the request names the whole path and the approval resumes both sub-runs', async () => {
    const harness = await startHarness();
    const { refund, executions } = refundTools();
    const beta: Agent = { name: 'beta', model, instructions: 'B', tools: [refund] };
    const alpha: Agent = {
      name: 'alpha',
      model,
      instructions: 'A',
      tools: [agentTool(beta, { name: 'ask_beta', description: 'Ask beta' })],
    };
    const lead: Agent = {
      name: 'lead',
      model,
      instructions: 'P',
      tools: [agentTool(alpha, { name: 'ask_alpha', description: 'Ask alpha' })],
    };
    scriptTeam(harness.server, {
      P: [askAlpha],
      A: [{ name: 'ask_beta', arguments: { input: 'refund it' }, callId: 'call_b' }],
      B: [refundCall],
    });
    const { client } = harness;
    const checkpoint = createMemoryCheckpointStore<RunState>();
    const stream = streamRun({ client, agent: lead, input: 'go', runId: 'job-3', checkpoint });
    const events = await drain(stream);
    const paused = await stream.finalResult();
    expect(paused.status).toBe('interrupted');
    const request = paused.interruptions?.[0];
    expect(paused.interruptions).toHaveLength(1);
    expect(request).toMatchObject({ runId: 'job-3/call_a/call_b', agentPath: ['lead', 'alpha', 'beta'] });
    // Wrapped once per level, never an agent.event inside an agent.event.
    expect(wrapped(events, 'tool.approval_requested').map((e) => e.agent)).toEqual([
      ['lead', 'alpha', 'beta'],
      ['lead', 'alpha'],
    ]);
    expect((await checkpoint.load('job-3/call_a'))?.status).toBe('interrupted');

    const stream2 = streamResume({
      client,
      agent: lead,
      runId: 'job-3',
      checkpoint,
      decisions: [{ approvalId: request?.approvalId ?? '', approve: true }],
    });
    const after = await drain(stream2);
    const done = await stream2.finalResult();
    expect(done.finalOutput).toBe('P: A: B: refunded 40 on A-1');
    expect(executions).toEqual([
      { tool: 'refund', callId: 'call_r', key: 'job-3/call_a/call_b:call_r', attempt: 1 },
    ]);
    expect(wrapped(after, 'run.completed').map((e) => e.agent)).toEqual([
      ['lead', 'alpha', 'beta'],
      ['lead', 'alpha'],
    ]);
    expect(done.usage.requests).toBe(harness.server.calls.length);
  });

  it("in a parallel turn: the parent's other call runs once, before the pause, and not again on resume", async () => {
    const lookupCall = { name: 'lookup', arguments: { orderId: 'A-1' }, callId: 'call_l' };
    const { server, client, lead, checkpoint, executions } = await team({
      P: [lookupCall, askAlpha],
      A: [refundCall],
    });
    const paused = await run({ client, agent: lead, input: 'go', runId: 'job-4', checkpoint });
    expect(paused.status).toBe('interrupted');
    expect(executions.map((e) => e.callId)).toEqual(['call_l']);
    // Not committed while the agent tool call waits: no outputs in the history yet.
    expect(paused.history.some((i) => 'type' in i && i.type === 'function_call_output')).toBe(false);
    const done = await resume({
      client,
      agent: lead,
      runId: 'job-4',
      checkpoint,
      decisions: [{ approvalId: paused.interruptions?.[0]?.approvalId ?? '', approve: true }],
    });
    expect(executions.map((e) => e.callId)).toEqual(['call_l', 'call_r']);
    // Outputs in call order, as the model asked.
    expect(done.finalOutput).toBe('P: order A-1: paid 40 | A: refunded 40 on A-1');
    expect(server.calls).toHaveLength(4);
  });

  it("undecided: 'reject' on the parent rejects the sub-run's waiting calls", async () => {
    const { client, lead, checkpoint, executions } = await team({ P: [askAlpha], A: [refundCall] });
    await run({ client, agent: lead, input: 'go', runId: 'job-6', checkpoint });
    const done = await resume({
      client,
      agent: lead,
      runId: 'job-6',
      checkpoint,
      undecided: 'reject',
      undecidedReason: 'Nobody answered.',
    });
    expect(executions).toEqual([]);
    expect(done.finalOutput).toBe(
      'P: A: Rejected: a person declined this call to refund, so it was not run. Reason: Nobody answered.',
    );
  });

  it('answered in part: the decided call runs, the parent interrupts again with the rest, usage counted once', async () => {
    const second = { name: 'refund', arguments: { orderId: 'A-2', amount: 60 }, callId: 'call_r2' };
    const { server, client, lead, checkpoint, executions } = await team({
      P: [askAlpha],
      A: [refundCall, second],
    });
    const paused = await run({ client, agent: lead, input: 'go', runId: 'job-7', checkpoint, prices });
    const [first, other] = paused.interruptions ?? [];
    expect(paused.interruptions?.map((r) => r.callId)).toEqual(['call_r', 'call_r2']);
    const seqs = async () => [
      (await checkpoint.load('job-7'))?.checkpointSeq ?? 0,
      (await checkpoint.load('job-7/call_a'))?.checkpointSeq ?? 0,
    ];
    const pausedSeqs = await seqs();
    const partly = await resume({
      client,
      agent: lead,
      runId: 'job-7',
      checkpoint,
      prices,
      decisions: [{ approvalId: first?.approvalId ?? '', approve: true }],
    });
    expect(partly.status).toBe('interrupted');
    expect(partly.interruptions).toEqual([other]);
    expect(executions.map((e) => e.callId)).toEqual(['call_r']);
    // Nothing was sent while the sub-run still waited.
    expect(server.calls).toHaveLength(2);
    // A decision answered part of the pause: both runs went on and saved their new pause.
    const partlySeqs = await seqs();
    expect(partlySeqs[0]).toBeGreaterThan(pausedSeqs[0] ?? 0);
    expect(partlySeqs[1]).toBeGreaterThan(pausedSeqs[1] ?? 0);
    // Resumed with no decision for what still waits: the same pause, neither run saved again.
    const unanswered = await resume({ client, agent: lead, runId: 'job-7', checkpoint, prices });
    expect(unanswered).toMatchObject({ status: 'interrupted', interruptions: [other] });
    expect(await seqs()).toEqual(partlySeqs);
    expect(server.calls).toHaveLength(2);
    const done = await resume({
      client,
      agent: lead,
      runId: 'job-7',
      checkpoint,
      prices,
      decisions: [{ approvalId: other?.approvalId ?? '', approve: false, reason: 'One is enough.' }],
    });
    expect(executions.map((e) => e.callId)).toEqual(['call_r']);
    expect(done.finalOutput).toBe(
      'P: A: refunded 40 on A-1 | Rejected: a person declined this call to refund, so it was not run. Reason: One is enough.',
    );
    expect(done.usage.requests).toBe(server.calls.length);
    expect(done.usage.requests).toBe(4);
    // The sub-run's two requests (before and after the pause) belong to the lead's first turn, once each.
    expect(done.turns.map((t) => t.usage.requests)).toEqual([3, 1]);
    // Every agent runs on one model, so the cost, counted once, is that model's price of the usage.
    expect(done.cost?.total).toBeCloseTo(costOf(done.usage, price).total, 12);
    expect(done.usage.totalTokens).toBe(
      (done.turns[0]?.usage.totalTokens ?? 0) + (done.turns[1]?.usage.totalTokens ?? 0),
    );
  });

  it('two agent tool calls of one turn waiting at once: one resume answers both sub-runs', async () => {
    const ask = (callId: string) => ({ ...askAlpha, callId });
    const { client, lead, checkpoint, executions } = await team({
      P: [ask('call_a1'), ask('call_a2')],
      A: [refundCall],
    });
    const paused = await run({ client, agent: lead, input: 'go', runId: 'job-9', checkpoint });
    expect(paused.interruptions?.map((r) => r.runId)).toEqual(['job-9/call_a1', 'job-9/call_a2']);
    const [one, two] = paused.interruptions ?? [];
    const done = await resume({
      client,
      agent: lead,
      runId: 'job-9',
      checkpoint,
      decisions: [
        { approvalId: two?.approvalId ?? '', approve: false, reason: 'Twice is once too many.' },
        { approvalId: one?.approvalId ?? '', approve: true },
      ],
    });
    expect(executions.map((e) => e.key)).toEqual(['job-9/call_a1:call_r']);
    expect(done.finalOutput).toBe(
      'P: A: refunded 40 on A-1 | A: Rejected: a person declined this call to refund, so it was not run. Reason: Twice is once too many.',
    );
  });

  it('resuming a waiting sub-run is not a new sub-run: agentLimits.maxSubRuns 1 still completes', async () => {
    const { client, lead, checkpoint, executions } = await team({ P: [askAlpha], A: [refundCall] });
    const agentLimits = { maxSubRuns: 1 };
    const paused = await run({ client, agent: lead, input: 'go', runId: 'job-10', checkpoint, agentLimits });
    const done = await resume({
      client,
      agent: lead,
      runId: 'job-10',
      checkpoint,
      agentLimits,
      decisions: [{ approvalId: paused.interruptions?.[0]?.approvalId ?? '', approve: true }],
    });
    expect(done.status).toBe('completed');
    expect(executions.map((e) => e.callId)).toEqual(['call_r']);
  });
});
