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
    const path = agentPath.join(' > ');
    const message =
      limit === 'maxDepth'
        ? `Invalid agentLimits.maxDepth (${value} reached: agents nested ${agentPath.length - 1} deep (${path})). ` +
          "Fix: raise agentLimits.maxDepth in the run's options, or stop the agent from calling itself " +
          '(check its tools and handoffs).'
        : `Invalid agentLimits.maxSubRuns (${value} reached: ${value} sub-agent runs already started in this run's tree; ` +
          `refused the next, ${path}). Fix: raise agentLimits.maxSubRuns in the run's options, or make fewer ` +
          'agent tool calls (a turn fanning out to many agent tools, or a loop calling them turn after turn); ' +
          'the count includes the sub-runs started before a resume.';
    super('agent_limit_exceeded', message, options);
    this.limit = limit;
    this.value = value;
    this.agentPath = [...agentPath];
  }
}
