// docs/multi-agent.md: the limits of a run's tree of agents, and the error that names one.
import type { MimoClient } from '@mimo-agents/core';
// #region docs
import { type Agent, AgentLimitError, run } from '@mimo-agents/runner';

async function ask(client: MimoClient, agent: Agent, input: string) {
  try {
    return await run({ client, agent, input, agentLimits: { maxDepth: 2, maxSubRuns: 10 } });
  } catch (error) {
    // "Invalid agentLimits.maxDepth (2 reached: agents nested 3 deep (a > b > a > b)). Fix: …"
    if (error instanceof AgentLimitError) console.error(error.limit, error.agentPath.join(' > '));
    throw error;
  }
}

// #endregion docs

export { ask };
