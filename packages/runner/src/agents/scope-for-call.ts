import { addCost, type RunCost } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { LoopRun } from '../loop/loop-run.js';
import { runCostOf, turnCost } from '../loop/run-cost.js';
import type { RunState } from '../run-state.js';
import { addUsage, type RunUsage } from '../usage.js';
import type { SubRunInterruption } from './sub-run-interruption.js';
import type { AgentTree, InheritedRunSettings, ToolCallScope } from './tool-call-scope.js';
import { budgetConditions, costWithout, type TreeBudget, usageWithout } from './tree-budget.js';

/** The scope a tool call of `run` executes in: what an `agentTool` needs of its parent run. */
export function scopeForCall(run: LoopRun, callId: string): ToolCallScope {
  return new CallScope(run, callId);
}

/**
 * One call's scope. Every call gets one (a run started by any tool nests under its call), but only an
 * `agentTool` reads most of it: the agent path, the inherited settings and the call's earlier sub-run
 * record are built on first read, from the run's options as they are while the call runs.
 */
class CallScope implements ToolCallScope {
  readonly tree: AgentTree;
  readonly runId: string;
  readonly emit: (event: RunEvent) => void;
  usage: RunUsage | undefined = undefined;
  cost: RunCost | undefined = undefined;
  onSubRunState: ((state: RunState) => void) | undefined = undefined;
  afterSaved: (() => Promise<void>) | undefined = undefined;
  settled: Promise<void> | undefined = undefined;
  fatal: { error: unknown } | undefined = undefined;
  interruption: SubRunInterruption | undefined = undefined;
  #path: readonly string[] | undefined;
  #settings: InheritedRunSettings | undefined;
  #subRun: { value: SubRunInterruption | undefined } | undefined;
  #budget: { value: TreeBudget | undefined } | undefined;

  constructor(
    private readonly run: LoopRun,
    readonly callId: string,
  ) {
    this.tree = run.options.agentTree;
    this.runId = run.state.runId;
    this.emit = run.options.emit;
  }

  get path(): readonly string[] {
    this.#path ??= [...this.run.options.agentPath, this.run.options.agent.name];
    return this.#path;
  }

  get settings(): InheritedRunSettings {
    const { options } = this.run;
    this.#settings ??= {
      client: options.client,
      maxTurns: options.maxTurns,
      maxToolConcurrency: options.maxToolConcurrency,
      toolLimits: options.toolLimits.run,
      prices: options.prices,
      checkpoint: options.checkpoint,
      instrumentation: options.instrumentation,
    };
    return this.#settings;
  }

  get subRun(): SubRunInterruption | undefined {
    this.#subRun ??= {
      value: this.run.state.pending?.calls.find((call) => call.callId === this.callId)?.subRun,
    };
    return this.#subRun.value;
  }

  get budget(): TreeBudget | undefined {
    this.#budget ??= { value: treeBudget(this.run, this.subRun?.usage, this.subRun?.cost) };
    return this.#budget.value;
  }
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
