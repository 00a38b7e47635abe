import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import type { RunEvent } from '../events.js';
import { streamResume } from '../resume.js';
import { streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { tokenBudgetIs } from '../stop-conditions.js';
import { type ScriptedTurn, scriptByInstructions } from '../test-support/agent-replies.js';
import { drain, startHarness } from '../test-support/harness.js';
import { agentTool } from './agent-tool.js';

/*
 * A resumed tree keeps its budget: what a sub-run spent before its parent's checkpoint held it (a crash
 * inside the sub-run) counts again when the sub-run is restored, and what was already rolled up into the
 * parent (a pause for approvals) is not counted twice. Either way the sub-run stops at the same turn as
 * the run that was never interrupted.
 */

const model = 'mimo-v2.6-flash';
const LOOPS = 20;
const RUN = 'job-b';

/** lead ('L') asks worker ('W') once; the worker calls `tick` turn after turn; with `approveAt`, that turn's call is `approve_step`. */
function team(onTick: (n: number) => void = () => {}, approveAt?: number) {
  const tick = tool({
    name: 'tick',
    description: 'One more step',
    parameters: z.object({ n: z.number() }),
    execute: ({ n }) => {
      onTick(n);
      return `step ${n} done`;
    },
  });
  const approveStep = tool({
    name: 'approve_step',
    description: 'A step a person approves',
    parameters: z.object({ n: z.number() }),
    needsApproval: true,
    execute: ({ n }) => `step ${n} approved`,
  });
  const worker: Agent = { name: 'worker', model, instructions: 'W', tools: [tick, approveStep] };
  const lead: Agent = {
    name: 'lead',
    model,
    instructions: 'L',
    tools: [agentTool(worker, { name: 'ask_worker', description: 'Does many steps', maxTurns: LOOPS + 2 })],
  };
  const workerTurns: ScriptedTurn[] = Array.from({ length: LOOPS }, (_, i) => ({
    calls: [
      { name: i + 1 === approveAt ? 'approve_step' : 'tick', arguments: { n: i + 1 }, callId: `t${i + 1}` },
    ],
  }));
  const script = {
    L: [
      { calls: [{ name: 'ask_worker', arguments: { input: 'work' }, callId: 'call_w' }] },
      { text: 'lead: done' },
    ] as ScriptedTurn[],
    W: [...workerTurns, { text: 'worker: all done' }] as ScriptedTurn[],
  };
  return { lead, script };
}

/** Token totals of the worker's turns, in order. */
const workerTurns = (events: RunEvent[]): number[] =>
  events.flatMap((event) =>
    event.type === 'agent.event' && event.event.type === 'turn.completed'
      ? [event.event.usage.totalTokens]
      : [],
  );

/** Tokens of the lead's first turn. */
function leadFirst(events: RunEvent[]): number {
  for (const event of events) if (event.type === 'turn.completed') return event.usage.totalTokens;
  return 0;
}

/** A budget that falls in the middle of the worker's 6th turn (robust to a few tokens of difference). */
async function budgetAtSixthTurn(approveAt?: number): Promise<number> {
  const { server, client } = await startHarness();
  const { lead, script } = team(() => {}, approveAt);
  scriptByInstructions(server, script);
  const store = createMemoryCheckpointStore<RunState>();
  let stream = streamRun({ client, agent: lead, input: 'go', maxTurns: 4, runId: RUN, checkpoint: store });
  const events = await drain(stream);
  let result = await stream.finalResult();
  if (result.status === 'interrupted') {
    const approvalId = result.interruptions?.[0]?.approvalId ?? '';
    stream = streamResume({
      client,
      agent: lead,
      runId: RUN,
      checkpoint: store,
      maxTurns: 4,
      decisions: [{ approvalId, approve: true }],
    });
    events.push(...(await drain(stream)));
    result = await stream.finalResult();
  }
  expect(result.status).toBe('completed');
  const turns = workerTurns(events);
  expect(turns).toHaveLength(LOOPS + 1);
  const sixth = turns[5] ?? 0;
  return leadFirst(events) + turns.slice(0, 5).reduce((n, t) => n + t, 0) + Math.floor(sixth / 2);
}

describe('agentTool: budgets across a resumed sub-run', () => {
  it('a sub-run restored after a crash counts what it spent before: it stops at the same turn as without the crash', async () => {
    const budget = await budgetAtSixthTurn();

    // The uninterrupted budgeted run; a copy of the store is taken while the worker's 3rd tick runs (a crash there).
    const { server, client } = await startHarness();
    const store = createMemoryCheckpointStore<RunState>();
    const snapshot = new Map<string, string>();
    const { lead, script } = team((n) => {
      if (n !== 3) return;
      for (const id of store.runIds()) snapshot.set(id, store.raw(id) ?? '');
    });
    scriptByInstructions(server, script);
    const stream = streamRun({
      client,
      agent: lead,
      input: 'go',
      maxTurns: 4,
      runId: RUN,
      checkpoint: store,
      stopWhen: tokenBudgetIs(budget),
    });
    const reference = workerTurns(await drain(stream));
    expect((await stream.finalResult()).status).toBe('stopped');
    expect(reference).toHaveLength(6);
    expect([...snapshot.keys()].sort()).toEqual([RUN, `${RUN}/call_w`]);

    // The crashed process's checkpoints, resumed elsewhere: the worker goes on from its 3rd turn.
    const restored = createMemoryCheckpointStore<RunState>();
    for (const [id, text] of snapshot) restored.setRaw(id, text);
    const savedSub = await restored.load(`${RUN}/call_w`);
    expect(savedSub?.turns).toHaveLength(3);
    const again = await startHarness();
    const rest = team();
    scriptByInstructions(again.server, { L: rest.script.L.slice(1), W: rest.script.W.slice(3) });
    const resumed = streamResume({
      client: again.client,
      agent: rest.lead,
      runId: RUN,
      checkpoint: restored,
      maxTurns: 4,
      stopWhen: tokenBudgetIs(budget),
    });
    const after = workerTurns(await drain(resumed));
    const result = await resumed.finalResult();
    expect(result.status).toBe('stopped');
    // Turns 4 to 6: the restored three count against the budget (without them it runs on past turn 6).
    expect(after).toHaveLength(3);
    expect(again.server.calls).toHaveLength(3);
    expect(result.usage.totalTokens).toBeGreaterThanOrEqual(budget);
  });

  it('a sub-run paused for approvals is not counted twice when resumed: it stops at the same turn', async () => {
    const budget = await budgetAtSixthTurn(2);
    const { server, client } = await startHarness();
    const { lead, script } = team(() => {}, 2);
    scriptByInstructions(server, script);
    const store = createMemoryCheckpointStore<RunState>();
    const options = { client, agent: lead, maxTurns: 4, runId: RUN, checkpoint: store } as const;
    const first = streamRun({ ...options, input: 'go', stopWhen: tokenBudgetIs(budget) });
    const before = workerTurns(await drain(first));
    const paused = await first.finalResult();
    expect(paused.status).toBe('interrupted');
    expect(before).toHaveLength(2);

    const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
    const resumed = streamResume({
      ...options,
      stopWhen: tokenBudgetIs(budget),
      decisions: [{ approvalId, approve: true }],
    });
    const after = workerTurns(await drain(resumed));
    const result = await resumed.finalResult();
    expect(result.status).toBe('stopped');
    // Turns 3 to 6 (counted twice, the paused part would stop the worker at once and the lead would go on).
    expect(after).toHaveLength(4);
    expect(result.usage.totalTokens).toBeGreaterThanOrEqual(budget);
    expect(result.usage.requests).toBe(server.calls.length);
  });
});
