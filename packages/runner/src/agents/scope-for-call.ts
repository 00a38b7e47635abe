import { addCost, type RunCost } from '../cost.js';
import type { LoopRun } from '../loop/loop-run.js';
import { runCostOf, turnCost } from '../loop/run-cost.js';
import { addUsage, type RunUsage } from '../usage.js';
import type { ToolCallScope } from './tool-call-scope.js';
import { budgetConditions, costWithout, type TreeBudget, usageWithout } from './tree-budget.js';

/** The scope a tool call of `run` executes in: what an `agentTool` needs of its parent run. */
export function scopeForCall(run: LoopRun, callId: string): ToolCallScope {
  const { state, options } = run;
  const subRun = state.pending?.calls.find((call) => call.callId === callId)?.subRun;
  return {
    path: [...options.agentPath, options.agent.name],
    tree: options.agentTree,
    runId: state.runId,
    callId,
    settings: {
      client: options.client,
      maxTurns: options.maxTurns,
      maxToolConcurrency: options.maxToolConcurrency,
      toolLimits: options.toolLimits.run,
      prices: options.prices,
      checkpoint: options.checkpoint,
      instrumentation: options.instrumentation,
    },
    emit: options.emit,
    usage: undefined,
    cost: undefined,
    onSubRunState: undefined,
    afterSaved: undefined,
    settled: undefined,
    fatal: undefined,
    subRun,
    interruption: undefined,
    budget: treeBudget(run, subRun?.usage, subRun?.cost),
  };
}

/**
 * This run's budgets, for a sub-run started by one of its calls: with the run's spending so far (its own
 * `stopWhen` budgets and those it inherited), without what this call's sub-run already rolled up.
 */
function treeBudget(
  run: LoopRun,
  rolledUp: RunUsage | undefined,
  rolledUpCost: RunCost | undefined,
): TreeBudget | undefined {
  const conditions = budgetConditions(run.options.stopWhen);
  if (conditions.length === 0) return undefined;
  return {
    conditions,
    spent: () => ({
      usage: usageWithout(run.state.usage, rolledUp),
      cost: costWithout(runCostOf(run.state, run.options.price), rolledUpCost),
    }),
  };
}

/**
 * Adds a sub-run's usage to turn `turn` and to the run's totals (so it counts against budgets too), and
 * its cost, priced at the sub-agents' own models, to the turn's cost (from which the run's is summed).
 */
export function rollUpUsage(run: LoopRun, turn: number, usage: RunUsage, cost?: RunCost): void {
  const { state } = run;
  state.usage = addUsage(state.usage, usage);
  const record = state.turns.find((t) => t.turn === turn);
  if (record === undefined) return;
  // The turn's own cost first (at its agent's price, as recorded), so the sum stays per model.
  const own = turnCost(record, run.options.price);
  record.usage = addUsage(record.usage, usage);
  if (cost !== undefined) record.cost = own === undefined ? cost : addCost(own, cost);
  else if (own !== undefined) record.cost = own;
}
