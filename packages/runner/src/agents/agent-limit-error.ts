import { MimoError } from '@mimo-agents/core';

/** Which multi-agent limit was reached. */
export type AgentLimit = 'maxDepth' | 'maxSubRuns';

/** A sub-agent run would go past `agentLimits.maxDepth` or `agentLimits.maxSubRuns`: the whole run fails. */
export class AgentLimitError extends MimoError {
  /** The limit that was reached. */
  readonly limit: AgentLimit;
  /** Its value. */
  readonly value: number;
  /** The agent path of the refused sub-run, top agent first. */
  readonly agentPath: readonly string[];

  constructor(
    fields: { limit: AgentLimit; value: number; agentPath: readonly string[] },
    options?: ErrorOptions,
  ) {
    const { limit, value, agentPath } = fields;
    const what =
      limit === 'maxDepth'
        ? `agents nested ${agentPath.length - 1} deep (${agentPath.join(' > ')})`
        : `more than ${value} sub-agent runs in one run (the next: ${agentPath.join(' > ')})`;
    super(
      'agent_limit_exceeded',
      `Invalid agentLimits.${limit} (${value} reached: ${what}). Fix: raise agentLimits.${limit} in the run's ` +
        'options, or stop the agent from calling itself (check its tools and handoffs).',
      options,
    );
    this.limit = limit;
    this.value = value;
    this.agentPath = [...agentPath];
  }
}
