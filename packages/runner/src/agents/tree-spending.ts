import { addCost, type RunCost } from '../cost.js';
import { addUsage, type RunUsage } from '../usage.js';

/**
 * What a whole tree of runs (a top run with a budget and its `agentTool` sub-runs at any depth, across
 * handoffs) has spent so far, live: each request's usage and cost is added as soon as its answer
 * completes, so sub-runs running in parallel see each other's spending when they check the tree's budgets.
 * Only budget checks read it; each run's own `usage` and `cost` are kept as before.
 */
export class TreeSpending {
  /** Usage of every request of the tree so far. */
  usage: RunUsage;
  /** Their cost, for the requests that had a price (undefined while none had). */
  cost: RunCost | undefined;

  constructor(usage: RunUsage, cost: RunCost | undefined) {
    this.usage = usage;
    this.cost = cost;
  }

  /** Adds one request's (or a restored sub-run's) usage and cost. */
  add(usage: RunUsage, cost: RunCost | undefined): void {
    this.usage = addUsage(this.usage, usage);
    if (cost !== undefined) this.cost = this.cost === undefined ? cost : addCost(this.cost, cost);
  }
}
