import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { addCost, costOf, type PriceTable } from '../cost.js';
import type { RunEvent } from '../events.js';
import { streamRun } from '../run.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { drain, startHarness } from '../test-support/harness.js';
import { addUsage, type RunUsage } from '../usage.js';
import { agentTool } from './agent-tool.js';

const prices: PriceTable = {
  'mimo-v2.6-pro': { inputPerMTok: 1, cachedInputPerMTok: 0.5, outputPerMTok: 4 },
  'mimo-v2.6-flash': { inputPerMTok: 0.1, cachedInputPerMTok: 0.05, outputPerMTok: 0.2 },
};
const pro = prices['mimo-v2.6-pro']!;
const flash = prices['mimo-v2.6-flash']!;

/** The `turn.completed` usages of the parent (`own`) and of its sub-runs (wrapped), in order. */
function turnUsages(events: RunEvent[]): { own: RunUsage[]; sub: RunUsage[] } {
  const own: RunUsage[] = [];
  const sub: RunUsage[] = [];
  for (const event of events) {
    if (event.type === 'turn.completed') own.push(event.usage);
    if (event.type === 'agent.event' && event.event.type === 'turn.completed') sub.push(event.event.usage);
  }
  return { own, sub };
}

describe('agentTool: usage and cost of sub-runs', () => {
  it("prices a sub-run at the sub-agent's model, summed into the parent's turn and total", async () => {
    const { server, client } = await startHarness();
    const summariser: Agent = { name: 'summariser', model: 'mimo-v2.6-flash', instructions: 'S' };
    const parent: Agent = {
      name: 'lead',
      model: 'mimo-v2.6-pro',
      instructions: 'P',
      tools: [agentTool(summariser, { name: 'summarise', description: 'Summarises' })],
    };
    scriptByInstructions(server, {
      P: [
        { calls: [{ name: 'summarise', arguments: { input: 'a long text' }, callId: 'call_s' }] },
        { text: 'done' },
      ],
      S: [{ text: 'short' }],
    });
    const stream = streamRun({ client, agent: parent, input: 'go', prices });
    const events = await drain(stream);
    const result = await stream.finalResult();

    const { own, sub } = turnUsages(events);
    expect(own).toHaveLength(2);
    expect(sub).toHaveLength(1);
    const [first, second] = own as [RunUsage, RunUsage];
    const subUsage = sub[0] as RunUsage;
    expect(subUsage.outputTokens).toBeGreaterThan(0);
    // Tokens: summed exactly.
    expect(result.usage).toEqual(addUsage(first, second, subUsage));
    expect(result.turns[0]?.usage).toEqual(addUsage(first, subUsage));
    // Cost: the sub-run at flash's prices, the parent's own turns at pro's.
    const turnOne = addCost(costOf(first, pro), costOf(subUsage, flash));
    expect(result.turns[0]?.cost).toEqual(turnOne);
    expect(result.turns[1]?.cost).toEqual(costOf(second, pro));
    expect(result.cost).toEqual(addCost(turnOne, costOf(second, pro)));
    // What the old pricing (everything at the parent's price) would have said is more.
    expect(result.cost?.total).toBeLessThan(costOf(result.usage, pro).total);
    const subCompleted = events.find((e) => e.type === 'agent.event' && e.event.type === 'run.completed');
    expect(
      subCompleted?.type === 'agent.event' &&
        subCompleted.event.type === 'run.completed' &&
        subCompleted.event.cost,
    ).toEqual(costOf(subUsage, flash));
    const completed = events.find((e) => e.type === 'run.completed');
    expect(completed?.type === 'run.completed' && completed.cost).toEqual(result.cost);
  });

  it("a sub-run whose second request fails for good still adds its first turn's tokens to the parent", async () => {
    const { server, client } = await startHarness();
    let looked = 0;
    const lookup = tool({
      name: 'lookup',
      description: 'Looks something up',
      parameters: z.object({}),
      execute: () => {
        looked += 1;
        return 'found';
      },
    });
    const researcher: Agent = {
      name: 'researcher',
      model: 'mimo-v2.6-flash',
      instructions: 'R',
      tools: [lookup],
    };
    const parent: Agent = {
      name: 'lead',
      model: 'mimo-v2.6-pro',
      instructions: 'P',
      tools: [agentTool(researcher, { name: 'research', description: 'Researches' })],
    };
    let requests = 0;
    const reply: Parameters<typeof server.reply.with>[0] = (request) => {
      requests += 1;
      const key = request.instructions;
      if (key === 'P' && requests === 1)
        return {
          type: 'output',
          items: [{ type: 'function_call', name: 'research', arguments: '{"input":"q"}', callId: 'call_r' }],
        };
      if (key === 'R' && requests === 2)
        return {
          type: 'output',
          items: [{ type: 'function_call', name: 'lookup', arguments: '{}', callId: 'call_l' }],
        };
      // The researcher's second request: refused for good (400 is not retried).
      if (key === 'R') return { type: 'error', status: 400, body: { error: { message: 'bad request' } } };
      return { type: 'output', items: [{ type: 'message', text: 'research failed, sorry' }] };
    };
    for (let i = 0; i < 4; i += 1) server.reply.with(reply);
    const stream = streamRun({ client, agent: parent, input: 'go', prices });
    const events = await drain(stream);
    const result = await stream.finalResult();

    // The fault fired: the sub-run's second request got the 400.
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 400, 200]);
    expect(looked).toBe(1);
    expect(result.status).toBe('completed');
    const call = result.turns[0]?.toolCalls[0];
    expect(call).toMatchObject({ outcome: 'error', errorKind: 'thrown' });
    const { own, sub } = turnUsages(events);
    expect(sub).toHaveLength(1);
    const subFirst = sub[0] as RunUsage;
    expect(subFirst.inputTokens).toBeGreaterThan(0);
    const [first, second] = own as [RunUsage, RunUsage];
    // The failed sub-run's first turn is in the parent's first turn and total, priced at flash.
    expect(result.turns[0]?.usage).toEqual(addUsage(first, subFirst));
    expect(result.usage).toEqual(addUsage(first, second, subFirst));
    expect(result.turns[0]?.cost).toEqual(addCost(costOf(first, pro), costOf(subFirst, flash)));
  });
});
