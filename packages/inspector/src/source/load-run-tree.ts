import type { RunDetail, RunSource } from './run-source.js';

/** A run with the sub-runs its agentTool calls started, by call id (read from the same store). */
export interface RunTree {
  detail: RunDetail;
  subRuns: Map<string, RunTree>;
}

/** How deep and how many sub-runs one run page reads. */
export interface RunTreeLimits {
  /** Levels of sub-runs below the run. Default 6. */
  maxDepth?: number;
  /** Sub-runs read in all. Default 100. */
  maxSubRuns?: number;
}

/**
 * Reads the sub-runs of a run: a call `callId` whose run `<runId>/<callId>` is in the store (agentTool
 * saves its sub-run there) gets that run, recursively, within the limits.
 */
export async function loadRunTree(
  source: RunSource,
  detail: RunDetail,
  limits: RunTreeLimits = {},
): Promise<RunTree> {
  let budget = limits.maxSubRuns ?? 100;
  const maxDepth = limits.maxDepth ?? 6;
  const load = async (node: RunDetail, depth: number): Promise<RunTree> => {
    const tree: RunTree = { detail: node, subRuns: new Map() };
    if (!node.ok || depth >= maxDepth) return tree;
    // Read defensively: a checkpoint of another shape is drawn (as its error) by the page, not here.
    const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);
    const calls = [
      ...list(node.state.turns).flatMap((turn) => list(turn?.toolCalls)),
      ...list(node.state.pending?.calls),
    ].filter((call) => typeof call?.callId === 'string');
    for (const call of calls) {
      const id = `${node.summary.runId}/${call.callId}`;
      if (budget <= 0 || tree.subRuns.has(call.callId) || source.summary(id) === undefined) continue;
      const sub = await source.detail(id);
      if (sub === undefined) continue;
      budget -= 1;
      tree.subRuns.set(call.callId, await load(sub, depth + 1));
    }
    return tree;
  };
  return load(detail, 0);
}
