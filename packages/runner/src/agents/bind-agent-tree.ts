import type { RunState } from '../run-state.js';
import type { AgentTree } from './tool-call-scope.js';

/**
 * Ties a top run's tree of agent runs to its state: the count of sub-runs started goes on from the
 * saved `state.subRuns` (so `agentLimits.maxSubRuns` holds across resumes), and every new sub-run is
 * counted in the state, saved with its next checkpoint. A sub-run's state does not keep the count.
 */
export function bindAgentTree(tree: AgentTree, state: RunState, isTopRun: boolean): void {
  if (!isTopRun) return;
  tree.subRuns = Math.max(tree.subRuns, state.subRuns ?? 0);
  tree.counter = state;
}

/** Counts one more sub-run in the tree (and in the top run's state, when bound). */
export function countSubRun(tree: AgentTree): void {
  tree.subRuns += 1;
  if (tree.counter !== undefined) tree.counter.subRuns = tree.subRuns;
}

/** Takes back a {@link countSubRun} of a call that started no sub-run after all (refused for the tree's budget). */
export function uncountSubRun(tree: AgentTree): void {
  tree.subRuns -= 1;
  if (tree.counter !== undefined) tree.counter.subRuns = tree.subRuns;
}
