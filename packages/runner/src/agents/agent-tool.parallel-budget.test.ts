import { type AnyTool, tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import type { PriceTable } from '../cost.js';
import type { RunEvent } from '../events.js';
import { streamRun } from '../run.js';
import { costBudgetIs, type StopCondition, tokenBudgetIs } from '../stop-conditions.js';
import { type ScriptedTurn, scriptByInstructions } from '../test-support/agent-replies.js';
import { drain, startHarness } from '../test-support/harness.js';
import { agentTool } from './agent-tool.js';

/*
 * Sub-runs running in parallel in one tool turn share the tree's budget: each request's usage counts for
 * every run of the tree as soon as its answer completes, so the tree passes a budget by at most one turn
 * per sub-run running when it is reached (each is between two budget checks), not by the whole remainder
 * once per parallel sub-run.
 */

const LOOPS = 20;
const prices: PriceTable = {
  'mimo-v2.6-pro': { inputPerMTok: 1, cachedInputPerMTok: 0.5, outputPerMTok: 4 },
  'mimo-v2.6-flash': { inputPerMTok: 0.1, cachedInputPerMTok: 0.05, outputPerMTok: 0.2 },
};

/** A looping agent: it calls `tick` turn after turn (LOOPS times), then answers. */
function looper(key: string, model: string): { agent: Agent; script: ScriptedTurn[] } {
  const tick = tool({
    name: 'tick',
    description: 'One more step',
    parameters: z.object({ n: z.number() }),
    execute: ({ n }) => `step ${n} done`,
  });
  return {
    agent: { name: `looper_${key}`, model, instructions: key, tools: [tick] },
    script: [
      ...Array.from({ length: LOOPS }, (_, i) => ({
        calls: [{ name: 'tick', arguments: { n: i + 1 }, callId: `${key}_t${i + 1}` }],
      })),
      { text: `${key}: all done` },
    ],
  };
}

/** An agent whose first turn calls all of `children` (agent tools) in parallel, then answers. */
function fanOut(
  key: string,
  model: string,
  children: Agent[],
): { agent: Agent; script: ScriptedTurn[]; tools: AnyTool[] } {
  const tools = children.map((child) =>
    agentTool(child, { name: `ask_${child.name}`, description: `Asks ${child.name}`, maxTurns: LOOPS + 2 }),
  );
  return {
    agent: { name: `fan_${key}`, model, instructions: key, tools },
    script: [
      {
        calls: children.map((child) => ({
          name: `ask_${child.name}`,
          arguments: { input: 'work' },
          callId: `${key}_${child.name}`,
        })),
      },
      { text: `${key}: done` },
    ],
    tools,
  };
}

/**
 * lead ('L') calls `width` loopers in parallel; with `depth` 2, each of them is a fan-out of `width`
 * loopers. With `handoff`, the run starts with a front agent ('H') that hands over to the lead.
 */
function tree(width: number, depth: 1 | 2, subModel: string, handoff: boolean) {
  const script: Record<string, ScriptedTurn[]> = {};
  const leaves: string[] = [];
  const level = (prefix: string, d: number): Agent[] =>
    Array.from({ length: width }, (_, i) => {
      const key = `${prefix}${i}`;
      if (d === 1) {
        const leaf = looper(key, subModel);
        script[key] = leaf.script;
        leaves.push(leaf.agent.name);
        return leaf.agent;
      }
      const mid = fanOut(key, subModel, level(`${key}_`, d - 1));
      script[key] = mid.script;
      return mid.agent;
    });
  const lead = fanOut('L', 'mimo-v2.6-pro', level('S', depth));
  script.L = lead.script;
  if (!handoff) return { top: lead.agent, script, leaves };
  script.H = [{ calls: [{ name: `transfer_to_${lead.agent.name}`, arguments: {}, callId: 'h1' }] }];
  const front: Agent = { name: 'front', model: 'mimo-v2.6-pro', instructions: 'H', handoffs: [lead.agent] };
  return { top: front, script, leaves };
}

/** How the tree is built: loopers per fan-out, fan-out levels, and whether a handoff comes first. */
interface Shape {
  width: number;
  depth: 1 | 2;
  handoff: boolean;
}

interface Turn {
  agent: string;
  tokens: number;
  usd: number;
}

/** Every model turn of the tree (the lead's and every sub-run's, at any depth), in completion order. */
function turnsOf(events: RunEvent[]): Turn[] {
  return events.flatMap((event) => {
    const inner = event.type === 'agent.event' ? event.event : event;
    const agent = event.type === 'agent.event' ? (event.agent.at(-1) ?? '') : 'lead';
    return inner.type === 'turn.completed'
      ? [{ agent, tokens: inner.usage.totalTokens, usd: inner.cost?.total ?? 0 }]
      : [];
  });
}

/** Runs the tree under `stopWhen` (or none) and returns its turns and result. */
async function runTree(shape: Shape, subModel: string, stopWhen?: StopCondition) {
  const { server, client } = await startHarness();
  const { top, script, leaves } = tree(shape.width, shape.depth, subModel, shape.handoff);
  scriptByInstructions(server, script);
  const stream = streamRun({
    client,
    agent: top,
    input: 'go',
    maxTurns: 4,
    prices,
    ...(stopWhen === undefined ? {} : { stopWhen }),
  });
  const events = await drain(stream);
  const result = await stream.finalResult();
  return { turns: turnsOf(events), result, leaves, requests: server.calls.length };
}

/** The largest turn of each looping sub-run: what each may add past the budget after it is reached. */
function slackOf(turns: Turn[], leaves: string[], field: 'tokens' | 'usd'): number {
  return leaves.reduce(
    (sum, leaf) => sum + Math.max(0, ...turns.filter((t) => t.agent === leaf).map((t) => t[field])),
    0,
  );
}

const sumOf = (turns: Turn[], field: 'tokens' | 'usd'): number => turns.reduce((n, t) => n + t[field], 0);

describe('agentTool: parallel sub-runs share one live budget', () => {
  const shapes: Shape[] = [
    { width: 3, depth: 1, handoff: false },
    { width: 2, depth: 2, handoff: false },
    { width: 2, depth: 1, handoff: true },
  ];
  for (const shape of shapes) {
    const { width, depth, handoff } = shape;
    it(`tokenBudgetIs: ${width} looping sub-runs in parallel (depth ${depth}${handoff ? ', after a handoff' : ''}) pass the budget by at most one turn each`, async () => {
      // An unbudgeted run first: what the turns before the loops cost, and one looper's first turns.
      const free = await runTree(shape, 'mimo-v2.6-flash');
      const leaf = free.leaves[0] ?? '';
      expect(free.turns.filter((t) => t.agent === leaf)).toHaveLength(LOOPS + 1);
      const prelude = (handoff ? 1 : 0) + 1 + (depth === 2 ? width : 0);
      const before = sumOf(
        free.turns.filter((t) => !free.leaves.includes(t.agent)).slice(0, prelude),
        'tokens',
      );
      // Room for about six turns of one looper after the fan-out turns.
      const room = sumOf(free.turns.filter((t) => t.agent === leaf).slice(0, 6), 'tokens');
      const budget = before + room;

      const { turns, result, leaves, requests } = await runTree(
        shape,
        'mimo-v2.6-flash',
        tokenBudgetIs(budget),
      );
      expect(result.status).toBe('stopped');
      // Every request is counted once in the top run's usage.
      const spent = sumOf(turns, 'tokens');
      expect(result.usage.totalTokens).toBe(spent);
      expect(result.usage.requests).toBe(requests);
      expect(turns).toHaveLength(requests);
      expect(spent).toBeGreaterThanOrEqual(budget);
      // No looper ran to its end.
      for (const name of leaves) expect(turns.filter((t) => t.agent === name).length).toBeLessThan(LOOPS);
      const bound = budget + slackOf(turns, leaves, 'tokens');
      expect(spent, `tree spent ${spent} tokens; budget ${budget}, bound ${bound}`).toBeLessThanOrEqual(
        bound,
      );
    });
  }

  it('costBudgetIs: 3 looping sub-runs in parallel pass the budget by at most one turn each', async () => {
    const shape: Shape = { width: 3, depth: 1, handoff: false };
    const free = await runTree(shape, 'mimo-v2.6-pro');
    const leaf = free.leaves[0] ?? '';
    const before = free.turns[0]?.usd ?? 0;
    expect(before).toBeGreaterThan(0);
    const room = sumOf(free.turns.filter((t) => t.agent === leaf).slice(0, 6), 'usd');
    const budget = before + room;

    const { turns, result, leaves, requests } = await runTree(shape, 'mimo-v2.6-pro', costBudgetIs(budget));
    expect(result.status).toBe('stopped');
    const spent = sumOf(turns, 'usd');
    expect(result.cost?.total).toBeCloseTo(spent, 12);
    expect(result.usage.requests).toBe(requests);
    expect(spent).toBeGreaterThanOrEqual(budget);
    for (const name of leaves) expect(turns.filter((t) => t.agent === name).length).toBeLessThan(LOOPS);
    const bound = budget + slackOf(turns, leaves, 'usd');
    expect(spent, `tree spent $${spent}; budget $${budget}, bound $${bound}`).toBeLessThanOrEqual(bound);
  });
});
