import type { WireRequest } from '@mimo-agents/testing';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import type { RunEvent } from '../events.js';
import { resume, streamResume } from '../resume.js';
import { run, streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { drain, sentInputs, startHarness } from '../test-support/harness.js';
import { refundTools } from '../test-support/refund-tools.js';

/** The tool outputs a request carries, by call id. */
function outputsOf(request: WireRequest | { input: unknown }): Record<string, string> {
  const input = Array.isArray(request.input) ? request.input : [];
  const out: Record<string, string> = {};
  for (const item of input) if (item.type === 'function_call_output') out[item.call_id] = String(item.output);
  return out;
}

async function setup(needsApproval?: Parameters<typeof refundTools>[0]) {
  const harness = await startHarness();
  const tools = refundTools(needsApproval);
  const agent: Agent = { name: 'refunds', model: 'mimo-v2.6-pro', tools: tools.tools };
  const checkpoint = createMemoryCheckpointStore<RunState>();
  return { ...harness, ...tools, agent, checkpoint };
}

describe('a tool that needs approval', () => {
  it('pauses the run as interrupted (state saved, nothing run), then runs once when approved', async () => {
    const { server, client, agent, checkpoint, executions } = await setup();
    server.reply.functionCalls([
      { name: 'refund', arguments: { orderId: 'A-17', amount: 40 }, callId: 'call_r' },
    ]);
    server.reply.with((request) => ({
      type: 'output',
      items: [{ type: 'message', text: `done: ${outputsOf(request).call_r}` }],
    }));
    const stream = streamRun({ client, agent, input: 'Refund A-17', runId: 'run-approve', checkpoint });
    const events = await drain(stream);
    const paused = await stream.finalResult();
    expect(paused.status).toBe('interrupted');
    expect(executions).toEqual([]);
    expect(server.calls).toHaveLength(1);
    const [request] = paused.interruptions ?? [];
    expect(paused.interruptions).toHaveLength(1);
    expect(request).toMatchObject({
      runId: 'run-approve',
      turn: 1,
      callId: 'call_r',
      toolName: 'refund',
      arguments: { orderId: 'A-17', amount: 40 },
    });
    expect(request?.approvalId).toMatch(/^apr_[0-9a-f]{32}$/);
    expect(request?.argumentsHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Told means durable: the approval event comes after the save that holds it, then run.completed.
    const types = events.map((e) => e.type);
    const requested = types.indexOf('tool.approval_requested');
    expect(types.lastIndexOf('checkpoint.saved')).toBeLessThan(requested);
    expect(types.slice(requested)).toEqual(['tool.approval_requested', 'run.completed']);
    expect(events[requested]).toEqual({ type: 'tool.approval_requested', ...request });
    const saved = await checkpoint.load('run-approve');
    expect(saved?.status).toBe('interrupted');
    expect(saved?.pending?.calls[0]?.approval).toEqual({
      id: request?.approvalId,
      argumentsHash: request?.argumentsHash,
    });

    // Resuming without a decision interrupts again: nothing runs, no request is sent, and nothing is
    // saved: the pause keeps its checkpointSeq, so decisions bound to it (a continuation job's) still fit.
    const seq = saved?.checkpointSeq;
    const againStream = streamResume({ client, agent, runId: 'run-approve', checkpoint });
    const againEvents = await drain(againStream);
    const again = await againStream.finalResult();
    expect(again.status).toBe('interrupted');
    expect(again.interruptions).toEqual(paused.interruptions);
    expect(againEvents.map((e) => e.type)).toEqual(['tool.approval_requested', 'run.completed']);
    expect(againEvents[0]).toEqual({ type: 'tool.approval_requested', ...request });
    expect(againEvents[1]).toMatchObject({ type: 'run.completed', status: 'interrupted' });
    expect(await checkpoint.load('run-approve')).toEqual(saved);
    expect((await checkpoint.load('run-approve'))?.checkpointSeq).toBe(seq);
    // An empty decision list is no answer either.
    expect(await resume({ client, agent, runId: 'run-approve', checkpoint, decisions: [] })).toMatchObject({
      status: 'interrupted',
      interruptions: paused.interruptions,
    });
    expect((await checkpoint.load('run-approve'))?.checkpointSeq).toBe(seq);
    expect(executions).toEqual([]);
    expect(server.calls).toHaveLength(1);

    const approvalId = request?.approvalId ?? '';
    const done = await resume({
      client,
      agent,
      runId: 'run-approve',
      checkpoint,
      decisions: [{ approvalId, approve: true }],
    });
    expect(done.status).toBe('completed');
    expect(done.finalOutput).toBe('done: refunded 40 on A-17');
    expect(executions).toEqual([{ tool: 'refund', callId: 'call_r', key: 'run-approve:call_r', attempt: 1 }]);
    expect(done.turns[0]?.toolCalls[0]?.approval).toEqual({
      id: approvalId,
      argumentsHash: request?.argumentsHash,
      decision: 'approved',
    });
    // The same decision after the outcome is refused, and nothing runs again.
    await expect(
      resume({ client, agent, runId: 'run-approve', checkpoint, decisions: [{ approvalId, approve: true }] }),
    ).rejects.toMatchObject({ name: 'ApprovalError', code: 'approval_already_settled' });
    expect(executions).toHaveLength(1);
  });

  it('rejected with a reason: the model reads the rejection and answers it', async () => {
    const { server, client, agent, checkpoint, executions } = await setup();
    server.reply.functionCalls([
      { name: 'refund', arguments: { orderId: 'A-17', amount: 900 }, callId: 'call_r' },
    ]);
    server.reply.with((request) => ({
      type: 'output',
      items: [{ type: 'message', text: `I could not refund: ${outputsOf(request).call_r}` }],
    }));
    const paused = await run({ client, agent, input: 'Refund A-17', runId: 'run-reject', checkpoint });
    const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
    const stream = streamResume({
      client,
      agent,
      runId: 'run-reject',
      checkpoint,
      decisions: [{ approvalId, approve: false, reason: 'Refunds over 500 need a manager.' }],
    });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(executions).toEqual([]);
    const expected =
      'Rejected: a person declined this call to refund, so it was not run. Reason: Refunds over 500 need a manager.';
    expect(outputsOf(server.calls[1]?.body as { input: unknown })).toEqual({ call_r: expected });
    expect(result.finalOutput).toBe(`I could not refund: ${expected}`);
    expect(result.turns[0]?.toolCalls[0]).toMatchObject({
      outcome: 'error',
      errorKind: 'rejected',
      output: expected,
    });
    // A rejected call never starts: no tool.called, no tool.completed.
    expect(events.filter((e) => e.type === 'tool.called' || e.type === 'tool.completed')).toEqual([]);
  });

  it('a mixed turn: the auto call runs at once, the approved one after the decision, the rejected one never', async () => {
    const { server, client, agent, checkpoint, executions } = await setup();
    server.reply.functionCalls([
      { name: 'refund', arguments: { orderId: 'A-1', amount: 10 }, callId: 'call_yes' },
      { name: 'lookup', arguments: { orderId: 'A-1' }, callId: 'call_auto' },
      { name: 'refund', arguments: { orderId: 'A-2', amount: 20 }, callId: 'call_no' },
    ]);
    server.reply.with((request) => ({
      type: 'output',
      items: [{ type: 'message', text: JSON.stringify(outputsOf(request)) }],
    }));
    const stream = streamRun({ client, agent, input: 'Refund both', runId: 'run-mixed', checkpoint });
    const events: RunEvent[] = await drain(stream);
    const paused = await stream.finalResult();
    expect(paused.status).toBe('interrupted');
    expect(executions.map((e) => e.callId)).toEqual(['call_auto']);
    expect(paused.interruptions?.map((i) => i.callId)).toEqual(['call_yes', 'call_no']);
    expect(events.filter((e) => e.type === 'tool.approval_requested').map((e) => e.callId)).toEqual([
      'call_yes',
      'call_no',
    ]);
    // The turn is not committed while calls wait: no outputs in the history yet.
    expect(paused.history.filter((i) => 'type' in i && i.type === 'function_call_output')).toEqual([]);
    const [yes, no] = paused.interruptions ?? [];
    const result = await resume({
      client,
      agent,
      runId: 'run-mixed',
      checkpoint,
      decisions: [
        { approvalId: yes?.approvalId ?? '', approve: true },
        { approvalId: no?.approvalId ?? '', approve: false, reason: 'Duplicate request.' },
      ],
    });
    expect(executions.map((e) => e.callId)).toEqual(['call_auto', 'call_yes']);
    expect(JSON.parse(result.finalOutput ?? '')).toEqual({
      call_yes: 'refunded 10 on A-1',
      call_auto: 'order A-1: paid 40',
      call_no:
        'Rejected: a person declined this call to refund, so it was not run. Reason: Duplicate request.',
    });
    // The outputs follow the calls' order, as the model asked for them.
    expect(server.calls).toHaveLength(2);
    const sent = (sentInputs(server)[1] ?? []) as { type?: string; call_id?: string }[];
    expect(sent.filter((i) => i.type === 'function_call_output').map((i) => i.call_id)).toEqual([
      'call_yes',
      'call_auto',
      'call_no',
    ]);
  });

  it('a predicate decides per call; only the calls it picks wait', async () => {
    const { server, client, agent, checkpoint, executions } = await setup(({ amount }) => amount > 100);
    server.reply.functionCalls([
      { name: 'refund', arguments: { orderId: 'A-1', amount: 10 }, callId: 'call_small' },
      { name: 'refund', arguments: { orderId: 'A-2', amount: 500 }, callId: 'call_big' },
    ]);
    server.reply.text('ok');
    const paused = await run({ client, agent, input: 'Refund', runId: 'run-pred', checkpoint });
    expect(paused.interruptions?.map((i) => i.callId)).toEqual(['call_big']);
    expect(executions.map((e) => e.callId)).toEqual(['call_small']);
  });

  it('a change of needsApproval between pause and resume never runs a call without a decision', async () => {
    const { server, client, agent, checkpoint, executions } = await setup();
    server.reply.functionCalls([
      { name: 'refund', arguments: { orderId: 'A-17', amount: 40 }, callId: 'call_r' },
    ]);
    server.reply.text('done');
    const paused = await run({ client, agent, input: 'Refund', runId: 'run-change', checkpoint });
    // The tool no longer asks for approval: the recorded approval still holds.
    const relaxed = refundTools(false);
    const relaxedAgent: Agent = { ...agent, tools: relaxed.tools };
    const again = await resume({ client, agent: relaxedAgent, runId: 'run-change', checkpoint });
    expect(again.status).toBe('interrupted');
    expect(again.interruptions).toEqual(paused.interruptions);
    expect([...executions, ...relaxed.executions]).toEqual([]);
    expect(server.calls).toHaveLength(1);
  });

  it('an aborted resume of a pause nothing answered throws RunAbortedError and leaves the pause saved as it was', async () => {
    const { server, client, agent, checkpoint, executions } = await setup();
    server.reply.functionCalls([
      { name: 'refund', arguments: { orderId: 'A-17', amount: 40 }, callId: 'call_r' },
    ]);
    const paused = await run({ client, agent, input: 'Refund A-17', runId: 'run-abort-pause', checkpoint });
    expect(paused.status).toBe('interrupted');
    const saved = await checkpoint.load('run-abort-pause');
    const reason = new Error('the job was cancelled');
    const stream = streamResume({
      client,
      agent,
      runId: 'run-abort-pause',
      checkpoint,
      signal: AbortSignal.abort(reason),
    });
    const events: RunEvent[] = [];
    const error = await (async () => {
      for await (const event of stream) events.push(event);
    })().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ name: 'RunAbortedError', code: 'run_aborted', cause: reason });
    expect(error).toHaveProperty('partialResult.status', 'interrupted');
    expect(error).toHaveProperty('partialResult.interruptions', paused.interruptions);
    // Nothing reported as if the pause had been handed back, nothing saved, sent or run.
    expect(events.map((e) => e.type)).not.toContain('tool.approval_requested');
    expect(await checkpoint.load('run-abort-pause')).toEqual(saved);
    expect(server.calls).toHaveLength(1);
    expect(executions).toEqual([]);
  });

  it("undecided: 'reject' rejects the calls left without a decision", async () => {
    const { server, client, agent, checkpoint, executions } = await setup();
    server.reply.functionCalls([
      { name: 'refund', arguments: { orderId: 'A-17', amount: 40 }, callId: 'call_r' },
    ]);
    server.reply.with((request) => ({
      type: 'output',
      items: [{ type: 'message', text: outputsOf(request).call_r ?? '' }],
    }));
    await run({ client, agent, input: 'Refund', runId: 'run-undecided', checkpoint });
    const result = await resume({
      client,
      agent,
      runId: 'run-undecided',
      checkpoint,
      undecided: 'reject',
      undecidedReason: 'Nobody answered in time.',
    });
    expect(executions).toEqual([]);
    expect(result.finalOutput).toBe(
      'Rejected: a person declined this call to refund, so it was not run. Reason: Nobody answered in time.',
    );
  });
});
