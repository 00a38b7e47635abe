// docs/runner.md: a follow-up question on the same history.
import type { MimoClient } from '@mimo-agents/core';
import { type Agent, run } from '@mimo-agents/runner';

/** Asks a question, then a follow-up that sees the whole first run. */
export async function followUp(client: MimoClient, agent: Agent) {
  // #region docs
  const first = await run({ client, agent, input: 'Weather in Paris?' });
  const second = await run({
    client,
    agent,
    input: [...first.history, { role: 'user', content: 'And Rome?' }],
  });
  // or: run({ client, agent, history: first.history, input: 'And Rome?' })
  second.newItems; // only what the second run added
  // #endregion docs
  return second;
}
