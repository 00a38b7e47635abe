import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import type { RunEvent } from '../events.js';
import { streamRun } from '../run.js';
import { stepCountIs, tokenBudgetIs } from '../stop-conditions.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { drain, startHarness } from '../test-support/harness.js';
import type { RunUsage } from '../usage.js';
import { agentTool } from './agent-tool.js';

const model = 'mimo-v2.6-pro';
const LOOPS = 20;

/** lead ('L') asks worker ('W') once; worker calls `tick` turn after turn (up to LOOPS times). */
function team() {
  let ticks = 0;
  const tick = tool({
    name: 'tick',
    description: 'One more step',
    parameters: z.object({ n: z.number() }),
    execute: ({ n }) => {
      ticks += 1;
      return `step ${n} done`;
    },
  });
  const worker: Agent = { name: 'worker', model, instructions: 'W', tools: [tick] };
  const lead: Agent = {
    name: 'lead',
    model,
    instructions: 'L',
    tools: [agentTool(worker, { name: 'ask_worker', description: 'Does many steps', maxTurns: LOOPS + 2 })],
  };
  const script = {
    L: [
      { calls: [{ name: 'ask_worker', arguments: { input: 'work' }, callId: 'call_w' }] },
      { text: 'lead: done' },
    ],
    W: [
      ...Array.from({ length: LOOPS }, (_, i) => ({
        calls: [{ name: 'tick', arguments: { n: i + 1 }, callId: `t${i + 1}` }],
      })),
      { text: 'worker: all done' },
    ],
  };
  return { lead, script, ticks: () => ticks };
}

const turnsOf = (events: RunEvent[], agent: string): RunUsage[] =>
  events.flatMap((event) => {
    const inner = event.type === 'agent.event' ? event.event : event;
    const path = event.type === 'agent.event' ? event.agent.at(-1) : 'lead';
    return inner.type === 'turn.completed' && path === agent ? [inner.usage] : [];
  });

describe("agentTool: the parent's budgets hold inside sub-runs", () => {
  it('tokenBudgetIs(N) on the parent stops the sub-run at the first turn that reaches N; the parent stops too', async () => {
    // Measure one unbudgeted run's turns first, so the budget falls in the middle of the sub-run's loop.
    const probe = await startHarness();
    scriptByInstructions(probe.server, team().script);
    const free = team();
    const freeEvents = await drain(
      streamRun({ client: probe.client, agent: free.lead, input: 'go', maxTurns: 4 }),
    );
    const freeWorker = turnsOf(freeEvents, 'worker');
    expect(freeWorker).toHaveLength(LOOPS + 1);
    expect(free.ticks()).toBe(LOOPS);
    const leadFirst = turnsOf(freeEvents, 'lead')[0]?.totalTokens ?? 0;
    const budget = leadFirst + freeWorker.slice(0, 5).reduce((n, u) => n + u.totalTokens, 0) - 1;

    const { server, client } = await startHarness();
    scriptByInstructions(server, team().script);
    const { lead, ticks } = team();
    const stream = streamRun({
      client,
      agent: lead,
      input: 'go',
      maxTurns: 4,
      stopWhen: tokenBudgetIs(budget),
    });
    const events = await drain(stream);
    const result = await stream.finalResult();

    const worker = turnsOf(events, 'worker');
    const leadTurns = turnsOf(events, 'lead');
    // The sub-run stopped at its 5th turn: the first at which the tree's total reached the budget.
    expect(worker).toHaveLength(5);
    expect(ticks()).toBe(5);
    const before = leadFirst + worker.slice(0, 4).reduce((n, u) => n + u.totalTokens, 0);
    const after = before + (worker[4]?.totalTokens ?? 0);
    expect(before).toBeLessThan(budget);
    expect(after).toBeGreaterThanOrEqual(budget);
    // The parent stopped with the stop-condition result, without another turn of its own.
    expect(result.status).toBe('stopped');
    expect(leadTurns).toHaveLength(1);
    expect(server.calls).toHaveLength(6);
    // Usage summed exactly: the lead's turn plus every turn of the sub-run.
    const sum = [...leadTurns, ...worker].reduce((n, u) => n + u.totalTokens, 0);
    expect(result.usage.totalTokens).toBe(sum);
    expect(result.usage.requests).toBe(6);
    expect(result.turns[0]?.toolCalls[0]).toMatchObject({ name: 'ask_worker', outcome: 'ok' });
  });

  it("the parent's other stop conditions (stepCountIs) are its own: the sub-run is not cut by them", async () => {
    const { server, client } = await startHarness();
    scriptByInstructions(server, team().script);
    const { lead, ticks } = team();
    const result = await streamRun({
      client,
      agent: lead,
      input: 'go',
      maxTurns: 4,
      stopWhen: stepCountIs(1),
    }).finalResult();
    expect(ticks()).toBe(LOOPS);
    expect(result.status).toBe('stopped');
    expect(result.usage.requests).toBe(1 + LOOPS + 1);
  });
});
