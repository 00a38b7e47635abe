import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { addCost, costOf, type PriceTable } from '../cost.js';
import { run } from '../run.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { startHarness } from '../test-support/harness.js';

const prices: PriceTable = {
  'mimo-v2.6-pro': { inputPerMTok: 1, cachedInputPerMTok: 0.5, outputPerMTok: 4 },
  'mimo-v2.6-flash': { inputPerMTok: 0.1, cachedInputPerMTok: 0.05, outputPerMTok: 0.2 },
};

describe('cost across a handoff', () => {
  it('prices each turn at the model of the agent that made it, and the run as their sum', async () => {
    const { server, client } = await startHarness();
    const billing: Agent = { name: 'billing', model: 'mimo-v2.6-flash', instructions: 'B' };
    const triage: Agent = { name: 'triage', model: 'mimo-v2.6-pro', instructions: 'T', handoffs: [billing] };
    scriptByInstructions(server, {
      T: [{ calls: [{ name: 'transfer_to_billing', arguments: {}, callId: 'h1' }] }],
      B: [{ text: 'You owe 3 EUR.' }],
    });
    const result = await run({ client, agent: triage, input: 'What do I owe?', prices });

    const [first, second] = result.turns;
    expect(result.lastAgent).toBe('billing');
    expect(first?.cost).toEqual(costOf(first?.usage ?? result.usage, prices['mimo-v2.6-pro']!));
    expect(second?.cost).toEqual(costOf(second?.usage ?? result.usage, prices['mimo-v2.6-flash']!));
    expect(result.cost).toEqual(addCost(first?.cost ?? result.cost!, second?.cost ?? result.cost!));
    // Not everything at the last agent's (flash) price, as a single price for the run would say.
    expect(result.cost?.total).toBeGreaterThan(costOf(result.usage, prices['mimo-v2.6-flash']!).total);
  });
});
