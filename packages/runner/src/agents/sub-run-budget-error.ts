import { MimoError } from '@mimo-agents/core';

/**
 * An `agentTool` call did not start its sub-run: the budgets of the runs above (`tokenBudgetIs`,
 * `costBudgetIs`) were already reached by the whole tree of agent runs, so its first request would only
 * have passed them further. It is the call's error output (the parent model reads it); the parent then
 * stops on the same budget after its tool turn.
 */
export class SubRunBudgetError extends MimoError {
  /** The agent path of the sub-run that was not started, top agent first. */
  readonly agentPath: readonly string[];
  /** Tokens the tree had spent when the sub-run was refused. */
  readonly spentTokens: number;

  constructor(fields: { toolName: string; agentPath: readonly string[]; spentTokens: number }) {
    const { toolName, agentPath, spentTokens } = fields;
    super(
      'sub_run_budget_reached',
      `Invalid stopWhen budget (tokenBudgetIs / costBudgetIs) of the run: already reached by its tree of agent runs (${spentTokens} tokens spent), so agentTool "${toolName}" did not start its sub-run (${agentPath.join(' > ')}). ` +
        'Fix: none needed, the run stops after this tool turn; to let the sub-agent run, give the run a larger budget.',
      { retryable: false },
    );
    this.agentPath = [...agentPath];
    this.spentTokens = spentTokens;
  }
}
