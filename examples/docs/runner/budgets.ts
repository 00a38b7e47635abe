// docs/runner.md: token and cost budgets.
import type { MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  costBudgetIs,
  type PriceTable,
  type RunInput,
  run,
  tokenBudgetIs,
} from '@mimo-agents/runner';

/** Runs `agent` until it answers or spends 200,000 tokens or half a dollar. */
export async function runWithBudgets(client: MimoClient, agent: Agent, input: RunInput, prices: PriceTable) {
  // #region docs
  await run({ client, agent, input, prices, stopWhen: [tokenBudgetIs(200_000), costBudgetIs(0.5)] });
  // #endregion docs
}
