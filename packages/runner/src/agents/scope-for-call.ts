import { addCost, type RunCost } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { LoopRun } from '../loop/loop-run.js';
import { runCostOf, turnCost } from '../loop/run-cost.js';
import type { RunState } from '../run-state.js';
import { addUsage, type RunUsage } from '../usage.js';
import type { SubRunInterruption } from './sub-run-interruption.js';
import type { AgentTree, InheritedRunSettings, ToolCallScope } from './tool-call-scope.js';
import { budgetConditions, type TreeBudget } from './tree-budget.js';
import { TreeSpending } from './tree-spending.js';

/** The scope a tool call of `run` executes in: what an `agentTool` needs of its parent run. */
export function scopeForCall(run: LoopRun, callId: string): ToolCallScope {
  return new CallScope(run, callId);
}

/** What only an `agentTool` sets or reads of its call's scope: made on first use. */
interface AgentToolPart {
  usage: RunUsage | undefined;
  cost: RunCost | undefined;
  onSubRunState: ((state: RunState) => void) | undefined;
  afterSaved: (() => Promise<void>) | undefined;
  settled: Promise<void> | undefined;
  fatal: { error: unknown } | undefined;
  interruption: SubRunInterruption | undefined;
  path: readonly string[] | undefined;
  settings: InheritedRunSettings | undefined;
  subRun: { value: SubRunInterruption | undefined } | undefined;
  budget: { value: TreeBudget | undefined } | undefined;
}

/**
 * One call's scope. Every call gets one (a run started by any tool nests under its call), but only an
 * `agentTool` reads or sets most of it: a plain tool's call holds two fields and no more (what an
 * `agentTool` uses is made on first use; the agent path, the inherited settings and the call's earlier
 * sub-run record are built from the run's options as they are while the call runs).
 */
class CallScope implements ToolCallScope {
  readonly callId: string;
  readonly #run: LoopRun;
  #part: AgentToolPart | undefined = undefined;

  constructor(run: LoopRun, callId: string) {
    this.#run = run;
    this.callId = callId;
  }

  get tree(): AgentTree {
    return this.#run.options.agentTree;
  }

  get runId(): string {
    return this.#run.state.runId;
  }

  get emit(): (event: RunEvent) => void {
    return this.#run.options.emit;
  }

  get usage(): RunUsage | undefined {
    return this.#part?.usage;
  }

  set usage(value: RunUsage | undefined) {
    this.#agentPart().usage = value;
  }

  get cost(): RunCost | undefined {
    return this.#part?.cost;
  }

  set cost(value: RunCost | undefined) {
    this.#agentPart().cost = value;
  }

  get onSubRunState(): ((state: RunState) => void) | undefined {
    return this.#part?.onSubRunState;
  }

  set onSubRunState(value: ((state: RunState) => void) | undefined) {
    this.#agentPart().onSubRunState = value;
  }

  get afterSaved(): (() => Promise<void>) | undefined {
    return this.#part?.afterSaved;
  }

  set afterSaved(value: (() => Promise<void>) | undefined) {
    this.#agentPart().afterSaved = value;
  }

  get settled(): Promise<void> | undefined {
    return this.#part?.settled;
  }

  set settled(value: Promise<void> | undefined) {
    this.#agentPart().settled = value;
  }

  get fatal(): { error: unknown } | undefined {
    return this.#part?.fatal;
  }

  set fatal(value: { error: unknown } | undefined) {
    this.#agentPart().fatal = value;
  }

  get interruption(): SubRunInterruption | undefined {
    return this.#part?.interruption;
  }

  set interruption(value: SubRunInterruption | undefined) {
    this.#agentPart().interruption = value;
  }

  get path(): readonly string[] {
    const part = this.#agentPart();
    const { options } = this.#run;
    part.path ??= [...options.agentPath, options.agent.name];
    return part.path;
  }

  get settings(): InheritedRunSettings {
    const part = this.#agentPart();
    const { options } = this.#run;
    part.settings ??= {
      client: options.client,
      maxTurns: options.maxTurns,
      maxToolConcurrency: options.maxToolConcurrency,
      toolLimits: options.toolLimits.run,
      prices: options.prices,
      checkpoint: options.checkpoint,
      instrumentation: options.instrumentation,
    };
    return part.settings;
  }

  get subRun(): SubRunInterruption | undefined {
    const part = this.#agentPart();
    part.subRun ??= {
      value: this.#run.state.pending?.calls.find((call) => call.callId === this.callId)?.subRun,
    };
    return part.subRun.value;
  }

  get budget(): TreeBudget | undefined {
    const part = this.#agentPart();
    part.budget ??= { value: treeBudget(this.#run) };
    return part.budget.value;
  }

  get spending(): TreeSpending | undefined {
    return this.#part?.budget?.value?.spending;
  }

  #agentPart(): AgentToolPart {
    this.#part ??= {
      usage: undefined,
      cost: undefined,
      onSubRunState: undefined,
      afterSaved: undefined,
      settled: undefined,
      fatal: undefined,
      interruption: undefined,
      path: undefined,
      settings: undefined,
      subRun: undefined,
      budget: undefined,
    };
    return this.#part;
  }
}

/**
 * This run's budgets (its own `stopWhen` budgets and those it inherited), for a sub-run started by one of
 * its calls, with the tree's live spending: a sub-run's, inherited from above; for the run at the top of
 * the budgets, made at its first sub-run from what it spent so far (restored sub-runs included), its
 * later requests and every sub-run's added as they complete.
 */
function treeBudget(run: LoopRun): TreeBudget | undefined {
  const conditions = budgetConditions(run.options.stopWhen);
  if (conditions.length === 0) return undefined;
  run.options.spending ??= new TreeSpending({ ...run.state.usage }, runCostOf(run.state, run.options.price));
  return { conditions, spending: run.options.spending };
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
