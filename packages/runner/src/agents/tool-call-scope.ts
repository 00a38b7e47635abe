import { AsyncLocalStorage } from 'node:async_hooks';
import type { MimoClient } from '@mimo-agents/core';
import type { ToolLimits } from '@mimo-agents/tools';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import type { PriceTable, RunCost } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { Instrumentation } from '../instrumentation/instrumentation.js';
import type { RunState } from '../run-state.js';
import type { RunUsage } from '../usage.js';
import type { AgentLimits } from './agent-limits.js';
import type { SubRunInterruption } from './sub-run-interruption.js';
import type { TreeBudget } from './tree-budget.js';
import type { TreeSpending } from './tree-spending.js';

/** What every run of one tree of agent runs shares: its limits and how many sub-runs were started. */
export interface AgentTree {
  limits: Required<AgentLimits>;
  subRuns: number;
  /** The top run's state, where the count is saved (see `bindAgentTree`). */
  counter?: { subRuns?: number } | undefined;
}

/** The settings a sub-run inherits from the run whose tool started it. */
export interface InheritedRunSettings {
  client: MimoClient;
  maxTurns: number;
  maxToolConcurrency: number;
  toolLimits: ToolLimits | undefined;
  prices: PriceTable | undefined;
  checkpoint: CheckpointStore<RunState> | undefined;
  /** The parent's tracing hooks: a sub-run's spans nest under the tool call that started it. */
  instrumentation: Instrumentation | undefined;
}

/**
 * The runner's side of one tool call, visible to the tool's code through `toolCallScope` (an
 * `AsyncLocalStorage`): how an `agentTool` finds its parent run without a public option.
 */
export interface ToolCallScope {
  /** Agent names from the top run's agent to the agent making this call. */
  path: readonly string[];
  tree: AgentTree;
  runId: string;
  callId: string;
  settings: InheritedRunSettings;
  /** The parent run's event sink. */
  emit(event: RunEvent): void;
  /**
   * Usage of the sub-runs this call started; the runner adds it to the parent's turn and run totals
   * together with the call's outcome (in the same save, so a resume neither loses nor doubles it).
   */
  usage: RunUsage | undefined;
  /** The cost of those sub-runs, each priced at its own agents' models (undefined when none had a price). */
  cost: RunCost | undefined;
  /** Set by an `agentTool`: the runner hands it the state of the sub-run started in this scope. */
  onSubRunState: ((state: RunState) => void) | undefined;
  /**
   * Settles when the call's sub-runs have ended (it never rejects). A cancelled or timed-out call's
   * outcome does not wait for the tool; the runner awaits this before recording it, so the usage of a
   * sub-run that ends on the abort is counted. Bounded: it settles at most the agent tool's
   * `settleTimeoutMs` after the call's signal aborted, even if the sub-run is stuck.
   */
  settled: Promise<void> | undefined;
  /**
   * Set by an `agentTool` whose sub-run is over: the runner calls it once the parent's saved state holds
   * the call's outcome (never before: until then a resume needs the sub-run's checkpoint). It never throws.
   */
  afterSaved: (() => Promise<void>) | undefined;
  /** Set by an `agentTool` whose error must fail the parent run instead of becoming a tool output. */
  fatal: { error: unknown } | undefined;
  /** What the call recorded when its sub-run stopped for approvals earlier (with the parent's answer, once given). */
  subRun: SubRunInterruption | undefined;
  /** Set by an `agentTool` whose sub-run stopped for approvals: the call gets no outcome and waits. */
  interruption: SubRunInterruption | undefined;
  /** The budgets of the runs above (undefined when they have none): a sub-run stops when the tree reaches one. */
  budget: TreeBudget | undefined;
  /** The tree's live spending, once `budget` was read and holds one: the sub-run adds its requests to it. */
  readonly spending: TreeSpending | undefined;
}

/** The scope of the tool call being executed (undefined outside the runner). */
export const toolCallScope = new AsyncLocalStorage<ToolCallScope>();
