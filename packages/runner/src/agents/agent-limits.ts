import { ConfigError } from '@mimo-agents/core';

/** Bounds of a run's tree of sub-agent runs (`agentTool` calls), shared by every run of the tree. */
export interface AgentLimits {
  /** Most agents nested below the top one (default 4): a sub-run deeper than this fails the run. */
  maxDepth?: number;
  /**
   * Most sub-agent runs started in the whole tree (default 32). The count is saved with the top run's
   * checkpoints and goes on after a resume (a sub-run in flight at a crash counts again when resumed).
   */
  maxSubRuns?: number;
}

/** Default `agentLimits.maxDepth`. */
export const DEFAULT_MAX_AGENT_DEPTH = 4;
/** Default `agentLimits.maxSubRuns`. */
export const DEFAULT_MAX_SUB_RUNS = 32;

/** Limits with defaults applied and checked. */
export function resolveAgentLimits(limits: AgentLimits | undefined): Required<AgentLimits> {
  const resolved = {
    maxDepth: limits?.maxDepth ?? DEFAULT_MAX_AGENT_DEPTH,
    maxSubRuns: limits?.maxSubRuns ?? DEFAULT_MAX_SUB_RUNS,
  };
  for (const [key, value] of Object.entries(resolved))
    if (!Number.isInteger(value) || value < 0)
      throw new ConfigError({
        field: `agentLimits.${key}`,
        problem: `${value}`,
        fix: 'pass a whole number of at least 0',
      });
  return resolved;
}
