import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { CheckpointCorruptError } from '../checkpoint/checkpoint-corrupt-error.js';
import { CheckpointNotFoundError } from '../checkpoint/checkpoint-not-found-error.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { ResumeMismatchError } from '../checkpoint/resume-mismatch-error.js';
import { resume } from '../resume.js';
import { run } from '../run.js';
import type { RunState } from '../run-state.js';
import { startHarness } from '../test-support/harness.js';
import { refundTools } from '../test-support/refund-tools.js';
import { scriptTeam } from '../test-support/team-replies.js';
import { agentTool } from './agent-tool.js';

const model = 'mimo-v2.6-pro';
const RUN = 'job-f';
const SUB = `${RUN}/call_a`;

/**
 * lead → ask_alpha → alpha, whose first turn looks the order up and asks to refund it (needs approval):
 * the lookup runs, the refund waits, and the lead ends interrupted holding the request.
 */
async function pausedTeam(alphaModel = model) {
  const harness = await startHarness();
  const tools = refundTools();
  const team = (subModel: string): Agent => ({
    name: 'lead',
    model,
    instructions: 'P',
    tools: [
      agentTool(
        { name: 'alpha', model: subModel, instructions: 'A', tools: tools.tools },
        { name: 'ask_alpha', description: 'Ask alpha' },
      ),
    ],
  });
  scriptTeam(harness.server, {
    P: [{ name: 'ask_alpha', arguments: { input: 'refund A-1' }, callId: 'call_a' }],
    A: [
      { name: 'lookup', arguments: { orderId: 'A-1' }, callId: 'call_l' },
      { name: 'refund', arguments: { orderId: 'A-1', amount: 40 }, callId: 'call_r' },
    ],
  });
  const memory = createMemoryCheckpointStore<RunState>();
  const paused = await run({
    client: harness.client,
    agent: team(alphaModel),
    input: 'go',
    runId: RUN,
    checkpoint: memory,
  });
  expect(paused.status).toBe('interrupted');
  expect(tools.executions.map((e) => e.tool)).toEqual(['lookup']);
  const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
  return { ...harness, ...tools, team, memory, approvalId };
}

/**
 * The memory store, with `fault` applied to the sub-run's checkpoint right after the lead saved the
 * answer for it (as a TTL expiry or another process could): the call then runs with the answer.
 */
function faultAfterAnswer(
  memory: ReturnType<typeof createMemoryCheckpointStore<RunState>>,
  fault: () => void,
) {
  let fired = 0;
  const store: CheckpointStore<RunState> = {
    async save(runId, state) {
      await memory.save(runId, state);
      const answered = state.pending?.calls.some((call) => call.subRun?.answer !== undefined);
      if (runId === RUN && answered && fired === 0) {
        fired += 1;
        fault();
      }
    },
    load: (runId) => memory.load(runId),
    delete: (runId) => memory.delete(runId),
  };
  return { store, fired: () => fired };
}

describe('agentTool: a sub-run that cannot be resumed fails the parent and keeps its checkpoint', () => {
  it('a deploy changed the sub-agent model: ResumeMismatchError names the sub-run; with the old agent back it finishes, the tools once', async () => {
    const { server, client, team, memory, approvalId, executions } = await pausedTeam();
    const heldBefore = await memory.load(SUB);
    expect(heldBefore?.status).toBe('interrupted');

    const error = await resume({
      client,
      agent: team('mimo-v2.6-flash'),
      runId: RUN,
      checkpoint: memory,
      decisions: [{ approvalId, approve: true }],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResumeMismatchError);
    expect(error).toMatchObject({ runId: SUB, field: 'agent.model' });
    expect((error as Error).message).toMatch(new RegExp(`run "${SUB}".*Fix: resume with model "${model}"`));
    // Nothing ran or was sent; the sub-run's checkpoint (with the pending approval) is still there.
    expect(executions.map((e) => e.tool)).toEqual(['lookup']);
    expect(server.calls).toHaveLength(2);
    expect(await memory.load(SUB)).toEqual(heldBefore);
    const parent = await memory.load(RUN);
    expect(parent?.status).toBe('failed');
    expect(parent?.pending?.calls[0]?.outcome).toBeUndefined();

    // The old agent back: the saved answer reaches the sub-run, the refund runs once, the lookup not again.
    const done = await resume({ client, agent: team(model), runId: RUN, checkpoint: memory });
    expect(done.status).toBe('completed');
    expect(executions.map((e) => e.tool)).toEqual(['lookup', 'refund']);
    expect(done.finalOutput).toBe('P: A: order A-1: paid 40 | refunded 40 on A-1');
  });

  it('a damaged sub-run checkpoint: CheckpointCorruptError fails the parent, the damaged checkpoint stays for inspection', async () => {
    const { server, client, team, memory, approvalId, executions } = await pausedTeam();
    const faulty = faultAfterAnswer(memory, () => memory.setRaw(SUB, '{"truncated'));
    const error = await resume({
      client,
      agent: team(model),
      runId: RUN,
      checkpoint: faulty.store,
      decisions: [{ approvalId, approve: true }],
    }).catch((caught: unknown) => caught);
    expect(faulty.fired()).toBe(1);
    expect(error).toBeInstanceOf(CheckpointCorruptError);
    expect(error).toMatchObject({ runId: SUB });
    expect((error as Error).message).toContain('Fix:');
    // The parent's model never read it as a tool error; the damaged checkpoint was not deleted.
    expect(server.calls).toHaveLength(2);
    expect(executions.map((e) => e.tool)).toEqual(['lookup']);
    expect(memory.runIds().sort()).toEqual([RUN, SUB]);
    expect((await memory.load(RUN))?.status).toBe('failed');
  });
});

describe('agentTool: a sub-run two levels down that cannot be resumed', () => {
  it('fails every run above with the same error; no checkpoint is deleted', async () => {
    const harness = await startHarness();
    const { refund, executions } = refundTools();
    const lead = (betaModel: string): Agent => {
      const beta: Agent = { name: 'beta', model: betaModel, instructions: 'B', tools: [refund] };
      const alpha: Agent = {
        name: 'alpha',
        model,
        instructions: 'A',
        tools: [agentTool(beta, { name: 'ask_beta', description: 'Ask beta' })],
      };
      return {
        name: 'lead',
        model,
        instructions: 'P',
        tools: [agentTool(alpha, { name: 'ask_alpha', description: 'Ask alpha' })],
      };
    };
    scriptTeam(harness.server, {
      P: [{ name: 'ask_alpha', arguments: { input: 'q' }, callId: 'call_a' }],
      A: [{ name: 'ask_beta', arguments: { input: 'q' }, callId: 'call_b' }],
      B: [{ name: 'refund', arguments: { orderId: 'A-1', amount: 40 }, callId: 'call_r' }],
    });
    const checkpoint = createMemoryCheckpointStore<RunState>();
    const { client } = harness;
    const paused = await run({ client, agent: lead(model), input: 'go', runId: RUN, checkpoint });
    const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
    const error = await resume({
      client,
      agent: lead('mimo-v2.6-flash'),
      runId: RUN,
      checkpoint,
      decisions: [{ approvalId, approve: true }],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResumeMismatchError);
    expect(error).toMatchObject({ runId: `${SUB}/call_b`, field: 'agent.model' });
    expect(checkpoint.runIds().sort()).toEqual([RUN, SUB, `${SUB}/call_b`]);
    expect(executions).toEqual([]);
    expect(harness.server.calls).toHaveLength(3);

    const done = await resume({ client, agent: lead(model), runId: RUN, checkpoint });
    expect(done.finalOutput).toBe('P: A: B: refunded 40 on A-1');
    expect(executions.map((e) => e.tool)).toEqual(['refund']);
  });
});

describe('agentTool: a sub-run whose checkpoint is gone after it paused', () => {
  it('fails the parent with CheckpointNotFoundError naming the sub-run and the fix; its tools do not run twice', async () => {
    const { server, client, team, memory, approvalId, executions } = await pausedTeam();
    // As a store TTL expiring (or a delete) between the decision and the call running again.
    const faulty = faultAfterAnswer(memory, () => void memory.delete(SUB));
    const error = await resume({
      client,
      agent: team(model),
      runId: RUN,
      checkpoint: faulty.store,
      decisions: [{ approvalId, approve: true }],
    }).catch((caught: unknown) => caught);
    expect(faulty.fired()).toBe(1);
    expect(error).toBeInstanceOf(CheckpointNotFoundError);
    expect(error).toMatchObject({ runId: SUB });
    expect((error as Error).message).toMatch(
      new RegExp(
        `run "${SUB}".*Fix: it is the sub-run of agent tool call "call_a" of run "${RUN}".*deleteRunCheckpoints\\(store, "${RUN}"\\)`,
      ),
    );
    // Not started over: alpha sent nothing again, its lookup ran once, the refund never.
    expect(executions.map((e) => e.tool)).toEqual(['lookup']);
    expect(server.calls).toHaveLength(2);
    expect(memory.runIds()).toEqual([RUN]);
    expect((await memory.load(RUN))?.status).toBe('failed');
  });
});
