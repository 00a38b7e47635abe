import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint-codec.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { ResumeMismatchError } from '../checkpoint/resume-mismatch-error.js';
import { resume } from '../resume.js';
import { run } from '../run.js';
import type { RunState } from '../run-state.js';
import { startHarness } from '../test-support/harness.js';
import { refundTools } from '../test-support/refund-tools.js';

// The checkpoint shape check (issue 13) knows the approval state (issue 16): an interrupted run with
// a waiting call loads, a rejected call's record loads, and a damaged approval record is refused with
// its path before any request or tool run.

const RUN_ID = 'run-shape';

/** A real interrupted checkpoint: one refund call waiting for a decision. */
async function pausedCheckpoint(): Promise<{ text: string; approvalId: string }> {
  const { server, client } = await startHarness();
  const { tools } = refundTools();
  const agent: Agent = { name: 'refunds', model: 'mimo-v2.6-pro', tools };
  const checkpoint = createMemoryCheckpointStore<RunState>();
  server.reply.functionCalls([
    { name: 'refund', arguments: { orderId: 'A-17', amount: 40 }, callId: 'call_r' },
  ]);
  const paused = await run({ client, agent, input: 'Refund A-17', runId: RUN_ID, checkpoint });
  const approvalId = paused.interruptions?.[0]?.approvalId;
  const text = checkpoint.raw(RUN_ID);
  if (paused.status !== 'interrupted' || approvalId === undefined || text === undefined)
    throw new Error(`not paused: ${paused.status}`);
  return { text, approvalId };
}

/** The saved state of a checkpoint text, as plain JSON to damage. */
function stateOf(text: string): Record<string, unknown> {
  return decodeCheckpoint<RunState>(text, { runId: RUN_ID, location: 'test' }).state as unknown as Record<
    string,
    unknown
  >;
}

/** The approval record of the waiting call, for damaging. */
function approvalOf(state: Record<string, unknown>): Record<string, unknown> {
  const calls = (state.pending as { calls: Record<string, unknown>[] }).calls;
  return calls[0]?.approval as Record<string, unknown>;
}

type Damage = [string, string, (state: Record<string, unknown>) => void];

const DAMAGES: Damage[] = [
  [
    'approval a string',
    'pending.calls[0].approval',
    (s) => {
      const calls = (s.pending as { calls: Record<string, unknown>[] }).calls;
      Object.assign(calls[0] as object, { approval: 'approved' });
    },
  ],
  ['approval.id null', 'pending.calls[0].approval.id', (s) => Object.assign(approvalOf(s), { id: null })],
  [
    'approval.argumentsHash a number',
    'pending.calls[0].approval.argumentsHash',
    (s) => Object.assign(approvalOf(s), { argumentsHash: 42 }),
  ],
  [
    'approval.decision an unknown word',
    'pending.calls[0].approval.decision',
    (s) => Object.assign(approvalOf(s), { decision: 'maybe' }),
  ],
  [
    'approval.reason an object',
    'pending.calls[0].approval.reason',
    (s) => Object.assign(approvalOf(s), { reason: { text: 'no' } }),
  ],
];

describe('the checkpoint shape check and approvals', () => {
  it('an untouched interrupted checkpoint passes the check and resumes with a decision', async () => {
    const { text, approvalId } = await pausedCheckpoint();
    const store = createMemoryCheckpointStore<RunState>();
    store.setRaw(RUN_ID, text);
    const { server, client } = await startHarness();
    const { tools, executions } = refundTools();
    server.reply.text('Refunded.');
    const result = await resume({
      client,
      agent: { name: 'refunds', model: 'mimo-v2.6-pro', tools },
      runId: RUN_ID,
      checkpoint: store,
      decisions: [{ approvalId, approve: true }],
    });
    expect(result.status).toBe('completed');
    expect(executions.map((e) => e.callId)).toEqual(['call_r']);
  });

  it("a rejected call's record (errorKind 'rejected', decision and reason) passes the check", async () => {
    const { text, approvalId } = await pausedCheckpoint();
    const store = createMemoryCheckpointStore<RunState>();
    store.setRaw(RUN_ID, text);
    const { server, client } = await startHarness();
    const { tools, executions } = refundTools();
    const agent: Agent = { name: 'refunds', model: 'mimo-v2.6-pro', tools };
    server.reply.text('Not refunded.');
    const decisions = [{ approvalId, approve: false as const, reason: 'Over the limit.' }];
    const first = await resume({ client, agent, runId: RUN_ID, checkpoint: store, decisions });
    expect(first.status).toBe('completed');
    const saved = stateOf(store.raw(RUN_ID) ?? '') as unknown as RunState;
    expect(saved.turns[0]?.toolCalls[0]).toMatchObject({
      errorKind: 'rejected',
      approval: { id: approvalId, decision: 'rejected', reason: 'Over the limit.' },
    });
    // Resuming the finished run loads (and checks) that state again: its saved result, no request.
    const again = await resume({ client, agent, runId: RUN_ID, checkpoint: store });
    expect(again.status).toBe('completed');
    expect(server.calls).toHaveLength(1);
    expect(executions).toEqual([]);
  });

  it.each(DAMAGES)(
    '%s: ResumeMismatchError naming %s, no request, no tool run',
    async (_label, path, damage) => {
      const { text, approvalId } = await pausedCheckpoint();
      const state = stateOf(text);
      damage(state);
      // A valid checksum: the damage is in the field types, not in the bytes.
      const store = createMemoryCheckpointStore<RunState>();
      store.setRaw(RUN_ID, encodeCheckpoint({ runId: RUN_ID, state }));
      const { server, client } = await startHarness();
      const { tools, executions } = refundTools();
      server.reply.text('Should not be asked.');
      const error = await resume({
        client,
        agent: { name: 'refunds', model: 'mimo-v2.6-pro', tools },
        runId: RUN_ID,
        checkpoint: store,
        decisions: [{ approvalId, approve: true }],
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResumeMismatchError);
      expect((error as ResumeMismatchError).field).toBe('state');
      expect((error as ResumeMismatchError).path).toBe(path);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain('Fix:');
      expect(server.calls).toHaveLength(0);
      expect(executions).toEqual([]);
    },
  );
});
