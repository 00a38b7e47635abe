import { type AnyTool, tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import type { PriceTable } from '../cost.js';
import type { RunEvent } from '../events.js';
import { streamRun } from '../run.js';
import type { RunOptions } from '../run-options.js';
import type { RunState } from '../run-state.js';
import { costBudgetIs, type StopCondition, tokenBudgetIs } from '../stop-conditions.js';
import { type ScriptedTurn, scriptByInstructions } from '../test-support/agent-replies.js';
import { drain, startHarness } from '../test-support/harness.js';
import { agentTool } from './agent-tool.js';

/*
 * The tree's budgets are checked on the tree's live total at the two places a request could start
 * without a check: a sub-run's first request (an agentTool starts no sub-run once the tree spent a budget)
 * and the top run's next request (it reads the tree's total, not only what was rolled up into its own).
 */

const model = 'mimo-v2.6-pro';
const prices: PriceTable = { [model]: { inputPerMTok: 1, cachedInputPerMTok: 0.5, outputPerMTok: 4 } };

const tick = tool({
  name: 'tick',
  description: 'One more step',
  parameters: z.object({ n: z.number() }),
  execute: ({ n }) => `step ${n} done`,
});

/** A worker (instructions `key`) that calls `tick` `loops` times, then answers. */
function worker(key: string, loops: number): { agent: Agent; script: ScriptedTurn[] } {
  return {
    agent: { name: `worker_${key}`, model, instructions: key, tools: [tick] },
    script: [
      ...Array.from({ length: loops }, (_, i) => ({
        calls: [{ name: 'tick', arguments: { n: i + 1 }, callId: `${key}_t${i + 1}` }],
      })),
      { text: `${key}: done` },
    ],
  };
}

/** The lead ('L'): its first turn calls every agent tool of `tools` (callIds `call_<i>`), then it answers. */
function lead(tools: AnyTool[]): { agent: Agent; script: ScriptedTurn[] } {
  return {
    agent: { name: 'lead', model, instructions: 'L', tools },
    script: [
      { calls: tools.map((t, i) => ({ name: t.name, arguments: { input: 'work' }, callId: `call_${i}` })) },
      { text: 'lead: done' },
    ],
  };
}

interface Turn {
  agent: string;
  tokens: number;
  usd: number;
}

/** Every model turn of the tree in completion order, by the name of the agent that made it. */
function turnsOf(events: RunEvent[]): Turn[] {
  return events.flatMap((event) => {
    const inner = event.type === 'agent.event' ? event.event : event;
    const agent = event.type === 'agent.event' ? (event.agent.at(-1) ?? '') : 'lead';
    return inner.type === 'turn.completed'
      ? [{ agent, tokens: inner.usage.totalTokens, usd: inner.cost?.total ?? 0 }]
      : [];
  });
}

/** One streamed run of `top` against a fresh server scripted with `script`. */
async function runOnce(
  top: Agent,
  script: Record<string, ScriptedTurn[]>,
  options: Partial<RunOptions> = {},
) {
  const { server, client } = await startHarness();
  const { seen } = scriptByInstructions(server, script);
  const stream = streamRun({ client, agent: top, input: 'go', maxTurns: 8, prices, ...options });
  const events = await drain(stream);
  const result = await stream.finalResult();
  return { events, result, seen, turns: turnsOf(events) };
}

describe("a sub-run's first request is checked against the tree's budget", () => {
  const budgets: [string, (turn: Turn) => StopCondition][] = [
    ['tokenBudgetIs', (turn) => tokenBudgetIs(turn.tokens)],
    ['costBudgetIs', (turn) => costBudgetIs(turn.usd)],
  ];
  for (const [name, budgetAt] of budgets)
    it(`${name}: the lead's own first turn spent the budget, so its agent tool starts no sub-run`, async () => {
      const w = worker('W', 3);
      const top = lead([agentTool(w.agent, { name: 'ask_worker', description: 'Works' })]);
      const script = { L: top.script, W: w.script };
      // Unbudgeted, the worker runs; the lead's first turn is what the budget is set to.
      const free = await runOnce(top.agent, script);
      const leadFirst = free.turns[0];
      expect(leadFirst?.agent).toBe('lead');
      expect(free.seen.filter((key) => key === 'W')).toHaveLength(4);

      const { result, seen, events } = await runOnce(top.agent, script, {
        stopWhen: budgetAt(leadFirst ?? { agent: '', tokens: 0, usd: 0 }),
      });
      // Only the lead's first request went out: the worker sent none (the old code sent its first).
      expect(seen).toEqual(['L']);
      expect(events.some((event) => event.type === 'agent.event')).toBe(false);
      expect(result.status).toBe('stopped');
      expect(result.usage.requests).toBe(1);
      const call = result.turns[0]?.toolCalls[0];
      expect(call).toMatchObject({ name: 'ask_worker', outcome: 'error', errorKind: 'thrown' });
      expect(call?.output).toMatch(/did not start its sub-run \(lead > worker_W\)\. Fix: /);
    });

  it('sequential agent tools: once the first sub-run spent the budget, the second is not started', async () => {
    const a = worker('A', 20);
    const b = worker('B', 20);
    const tools = [
      agentTool(a.agent, { name: 'ask_a', description: 'Works', maxTurns: 22 }),
      agentTool(b.agent, { name: 'ask_b', description: 'Works', maxTurns: 22 }),
    ];
    const top = lead(tools);
    const script = { L: top.script, A: a.script, B: b.script };
    const free = await runOnce(top.agent, script, { maxToolConcurrency: 1 });
    // Room for the lead's first turn and about five of A's.
    const first = free.turns.filter((t) => t.agent === 'worker_A').slice(0, 5);
    const budget = (free.turns[0]?.tokens ?? 0) + first.reduce((n, t) => n + t.tokens, 0) - 1;

    const { result, seen, turns } = await runOnce(top.agent, script, {
      maxToolConcurrency: 1,
      stopWhen: tokenBudgetIs(budget),
    });
    // A stopped at its 5th turn (the tree reached the budget); B sent nothing (the old code sent B's first).
    expect(turns.filter((t) => t.agent === 'worker_A')).toHaveLength(5);
    expect(seen.filter((key) => key === 'B')).toEqual([]);
    expect(result.status).toBe('stopped');
    expect(result.usage.totalTokens).toBe(turns.reduce((n, t) => n + t.tokens, 0));
    const [callA, callB] = result.turns[0]?.toolCalls ?? [];
    expect(callA).toMatchObject({ name: 'ask_a', outcome: 'ok' });
    expect(callB).toMatchObject({ name: 'ask_b', outcome: 'error', errorKind: 'thrown' });
    expect(callB?.output).toContain('did not start its sub-run (lead > worker_B)');
  });
});

/** A memory store whose saves of a sub-run's state after its first turn never return. */
function hangAfterSubRunTurn() {
  const inner = createMemoryCheckpointStore();
  const hung: string[] = [];
  const store: CheckpointStore<RunState> = {
    save: (runId, state) => {
      if (!runId.includes('/') || state.turns.length === 0) return inner.save(runId, state);
      hung.push(runId);
      return new Promise<void>(() => {});
    },
    load: (runId) => inner.load(runId),
    delete: (runId) => inner.delete(runId),
  };
  return { store, hung };
}

describe('a sub-run refused for the budget', () => {
  it('does not count against maxSubRuns: a parallel sibling refused the same way does not fail the run with AgentLimitError', async () => {
    const a = worker('A', 1);
    const b = worker('B', 1);
    const top = lead([
      agentTool(a.agent, { name: 'ask_a', description: 'Works' }),
      agentTool(b.agent, { name: 'ask_b', description: 'Works' }),
    ]);
    const script = { L: top.script, A: a.script, B: b.script };
    const free = await runOnce(top.agent, script);
    const leadFirst = free.turns[0];
    expect(leadFirst?.agent).toBe('lead');
    // maxSubRuns 1: the first refused call must not use the one sub-run the tree may start (the old code
    // counted it, so the second call failed with AgentLimitError and so did the run).
    const { result, seen } = await runOnce(top.agent, script, {
      stopWhen: tokenBudgetIs(leadFirst?.tokens ?? 0),
      agentLimits: { maxSubRuns: 1 },
    });
    expect(seen).toEqual(['L']);
    expect(result.status).toBe('stopped');
    const outcomes = result.turns[0]?.toolCalls.map((call) => call.outcome);
    expect(outcomes).toEqual(['error', 'error']);
    // Both calls got the budget refusal as their output, neither the sub-run limit.
    const history = JSON.stringify(result.history);
    expect(history.split('did not start its sub-run')).toHaveLength(3);
    expect(history).not.toContain('maxSubRuns');
  });
});

describe("the top run checks its budget on the tree's live total", () => {
  it('a sub-run left behind after a timeout still counts: the lead stops instead of sending its next request', async () => {
    const w = worker('W', 3);
    const ask = agentTool(w.agent, {
      name: 'ask_worker',
      description: 'Works',
      // Long enough for the worker's first turn on a loaded machine (at 50 ms it timed out before the
      // turn once, so the hung save never ran); the save then hangs until the call times out.
      timeoutMs: 2_000,
      settleTimeoutMs: 50,
    });
    const top = lead([ask]);
    const script = { L: top.script, W: w.script };
    const free = await runOnce(top.agent, script);
    const [leadFirst, workerFirst] = free.turns;
    expect(workerFirst?.agent).toBe('worker_W');
    // Reached by the worker's first turn: the tree's total then, but never the lead's own.
    const budget = (leadFirst?.tokens ?? 0) + (workerFirst?.tokens ?? 0);

    const { store, hung } = hangAfterSubRunTurn();
    const { result, seen } = await runOnce(top.agent, script, {
      runId: 'left-1',
      checkpoint: store,
      stopWhen: tokenBudgetIs(budget),
    });
    // The fault fired: the worker's save after its first turn never returned, so the call timed out
    // and the lead went on without rolling the worker's usage up into its own.
    expect(hung).toEqual(['left-1/call_0']);
    expect(result.turns[0]?.toolCalls[0]).toMatchObject({ outcome: 'error', errorKind: 'timeout' });
    // Its own total is under the budget, the tree's is not: it stops (the old code sent 'L' again).
    expect(seen).toEqual(['L', 'W']);
    expect(result.status).toBe('stopped');
    expect(result.usage.totalTokens).toBe(leadFirst?.tokens);
    expect(result.usage.totalTokens).toBeLessThan(budget);
  });
});
