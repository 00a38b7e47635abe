import { ConfigError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { addCost, costOf, type PriceTable } from './cost.js';
import type { RunEvent } from './events.js';
import { run, streamRun } from './run.js';
import { costBudgetIs, tokenBudgetIs } from './stop-conditions.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, startHarness } from './test-support/harness.js';

const prices: PriceTable = {
  'mimo-v2.6-pro': { inputPerMTok: 1, cachedInputPerMTok: 0.25, outputPerMTok: 4 },
};
const weather = { name: 'get_weather', arguments: { city: 'Paris' } };

describe('the usage and cost ledger', () => {
  it('prices every turn and the run, in events and the result', async () => {
    const { server, client } = await startHarness();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: countingTools().tools };
    server.reply.reasoning('Need the weather.').functionCalls([weather]).text('Paris: clear.');
    const stream = streamRun({ client, agent, input: 'Paris?', prices });
    const events = await drain(stream);
    const result = await stream.finalResult();

    const price = prices['mimo-v2.6-pro']!;
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.cachedTokens).toBeGreaterThan(0);
    expect(result.cost).toEqual(costOf(result.usage, price));
    expect(result.cost?.total).toBeCloseTo(
      // The server reports the resent prefix as cached: those tokens are charged at 0.25, the rest at 1.
      ((result.usage.inputTokens - result.usage.cachedTokens) * 1 +
        result.usage.cachedTokens * 0.25 +
        result.usage.outputTokens * 4) /
        1e6,
      12,
    );
    for (const turn of result.turns) expect(turn.cost).toEqual(costOf(turn.usage, price));
    // The run's cost is the sum of its turns' costs (addCost is the public way to sum them).
    const summed = addCost(...result.turns.flatMap((turn) => (turn.cost === undefined ? [] : [turn.cost])));
    expect(summed.total).toBeCloseTo(result.cost?.total ?? Number.NaN, 12);
    const turnCosts = events.flatMap((e: RunEvent) => (e.type === 'turn.completed' ? [e.cost?.total] : []));
    expect(turnCosts).toEqual(result.turns.map((turn) => turn.cost?.total));
    const completed = events.find((e) => e.type === 'run.completed');
    expect(completed?.type === 'run.completed' && completed.cost).toEqual(result.cost);
  });

  it('charges cached input at the cached rate', () => {
    const usage = {
      requests: 1,
      inputTokens: 1_000_000,
      cachedTokens: 400_000,
      outputTokens: 500_000,
      reasoningTokens: 0,
      totalTokens: 1_500_000,
    };
    expect(costOf(usage, { inputPerMTok: 1, cachedInputPerMTok: 0.25, outputPerMTok: 4 })).toEqual({
      input: 0.6,
      cachedInput: 0.1,
      output: 2,
      total: 2.7,
    });
    expect(costOf(usage, { inputPerMTok: 1, outputPerMTok: 4 }).cachedInput).toBe(0.4);
  });

  it('counts requests that were wasted on retries', async () => {
    const { server, client } = await startHarness();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro' };
    // One 503 before any event (retried inside the client), then a stream dropped mid-way (the turn is resent).
    server.reply.error(503);
    server.reply.text('Hello there, friend.', {
      fault: { type: 'drop-after-events', events: 4 },
      streaming: { eventDelayMs: 10, deltaSize: 2 },
    });
    server.reply.text('Hello there, friend.');
    const result = await run({ client, agent, input: 'Hi' });
    expect(server.calls.map((call) => call.status)).toEqual([503, 200, 200]);
    expect(result.turns[0]).toMatchObject({ retries: 1, requestRetries: 1 });
    expect(result.wastedRequests).toBe(2);
    expect(result.usage.requests).toBe(1);
  });

  it('tokenBudgetIs(n) stops before the request that would exceed the budget', async () => {
    const { server, client } = await startHarness();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: countingTools().tools };
    server.reply.functionCalls([weather]).functionCalls([weather]).text('never sent');
    const result = await run({ client, agent, input: 'Paris?', stopWhen: tokenBudgetIs(1) });
    expect(result.status).toBe('stopped');
    expect(server.calls).toHaveLength(1);
    expect(result.usage.totalTokens).toBeGreaterThanOrEqual(1);
    const roomy = await run({ client, agent, input: 'Paris?', stopWhen: tokenBudgetIs(1e9) });
    expect(roomy.status).toBe('completed');
  });

  it('costBudgetIs(usd) stops on cost, and needs prices', async () => {
    const { server, client } = await startHarness();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: countingTools().tools };
    server.reply.functionCalls([weather]).functionCalls([weather]).text('Paris: clear.');
    const stopped = await run({ client, agent, input: 'Paris?', prices, stopWhen: costBudgetIs(1e-9) });
    expect(stopped.status).toBe('stopped');
    expect(stopped.cost?.total).toBeGreaterThan(1e-9);
    expect(server.calls).toHaveLength(1);

    // Ultraspeed has no published price: without `prices` the run has no cost to budget.
    const unpriced: Agent = { ...agent, model: 'mimo-v2.6-pro-ultraspeed' };
    const error = await run({ client, agent: unpriced, input: 'Paris?', stopWhen: costBudgetIs(1) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('prices');
  });

  it('prices V2.6 models from the model table when the run has no prices', async () => {
    const { server, client } = await startHarness();
    server.reply.text('Hello.').text('Hello again.');
    const pro = await run({ client, agent: { name: 'p', model: 'mimo-v2.6-pro' }, input: 'Hi' });
    expect(pro.usage.outputTokens).toBeGreaterThan(0);
    const table = { inputPerMTok: 0.435, cachedInputPerMTok: 0.0036, outputPerMTok: 0.87 };
    expect(pro.cost).toEqual(costOf(pro.usage, table));
    // The user's prices win over the table's.
    const own = await run({ client, agent: { name: 'p', model: 'mimo-v2.6-pro' }, input: 'Hi', prices });
    expect(own.cost).toEqual(costOf(own.usage, prices['mimo-v2.6-pro']!));
    expect(own.cost?.total).not.toBeCloseTo(costOf(own.usage, table).total, 12);
  });

  it('takes a price set on the client model table (ultraspeed is not published)', async () => {
    const { server, client: priced } = await startHarness(
      {},
      { models: { 'mimo-v2.6-pro-ultraspeed': { prices: { inputPerMTok: 2, outputPerMTok: 8 } } } },
    );
    server.reply.text('Fast.').text('Unknown model, no price.');
    const result = await run({
      client: priced,
      agent: { name: 'u', model: 'mimo-v2.6-pro-ultraspeed' },
      input: 'Hi',
    });
    expect(result.cost?.total).toBeCloseTo(
      (result.usage.inputTokens * 2 + result.usage.outputTokens * 8) / 1e6,
      12,
    );
    const none = await run({ client: priced, agent: { name: 'x', model: 'my-model' }, input: 'Hi' });
    expect(none.cost).toBeUndefined();
  });

  it('refuses prices without an entry for the agent model, and bad budgets', async () => {
    const { server, client } = await startHarness();
    // Neither the user's prices nor the table has one for ultraspeed (flash would come from the table).
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro-ultraspeed' };
    const error = await run({ client, agent, input: 'Hi', prices }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('prices["mimo-v2.6-pro-ultraspeed"]');
    expect(server.calls).toHaveLength(0);
    expect(() => tokenBudgetIs(-1)).toThrow(ConfigError);
    expect(() => costBudgetIs(Number.NaN)).toThrow(ConfigError);
  });
});
