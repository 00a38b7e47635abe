// docs/jobs.md: budgets on a durable run.
// #region docs
import { costBudgetIs, run, tokenBudgetIs } from '@mimo-agents/runner';

const prices = { 'mimo-v2.6-pro': { inputPerMTok: 1, cachedInputPerMTok: 0.2, outputPerMTok: 3 } }; // example numbers
const result = await run({
  client,
  agent,
  input,
  prices,
  checkpoint,
  stopWhen: [tokenBudgetIs(200_000), costBudgetIs(0.5)],
});
console.log(result.status, result.cost?.total.toFixed(4));

// #endregion docs

import type { MimoClient } from '@mimo-agents/core';
import type { Agent, CheckpointStore, RunInput } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
declare const input: RunInput;
declare const checkpoint: CheckpointStore;
