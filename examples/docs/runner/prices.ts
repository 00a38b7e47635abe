// docs/runner.md: the cost of a run.
import type { MimoClient } from '@mimo-agents/core';
import { type Agent, type RunInput, run } from '@mimo-agents/runner';

/** Runs `agent` with a price table and prints what the run cost. */
export async function runWithPrices(client: MimoClient, agent: Agent, input: RunInput) {
  // #region docs
  const prices = { 'mimo-v2.6-pro': { inputPerMTok: 1, cachedInputPerMTok: 0.2, outputPerMTok: 3 } }; // example numbers
  const result = await run({ client, agent, input, prices });
  console.log(result.cost?.total.toFixed(4));
  // #endregion docs
  return result;
}
