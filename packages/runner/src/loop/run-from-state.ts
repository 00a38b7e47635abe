import type { MimoClient, ResponseRequest } from '@mimo-agents/core';
import type { OutputSpec, ToolLimits, ToolRegistry } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import { bindAgentTree } from '../agents/bind-agent-tree.js';
import type { HandoffInputFilter } from '../agents/handoff.js';
import type { OutputForAgent } from '../agents/handoff-output.js';
import { type AgentTree, toolCallScope } from '../agents/tool-call-scope.js';
import type { TreeSpending } from '../agents/tree-spending.js';
import { requestApprovals } from '../approvals/request-approvals.js';
import type { FinalAnswerStrategy } from '../build-request.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { applyContextPolicy } from '../context/apply-context-policy.js';
import type { ContextPolicy } from '../context/context-policy.js';
import type { ModelPrice, PriceTable } from '../cost.js';
import type { CheckpointStep, RunEvent } from '../events.js';
import type { Instrumentation } from '../instrumentation/instrumentation.js';
import { decideAnswer, uncheckedAnswer } from '../output/decide-output.js';
import type { OutputSettings } from '../output/output-settings.js';
import type { RunResult } from '../run-result.js';
import type { PendingToolTurn, RunState } from '../run-state.js';
import type { StopCondition } from '../stop-conditions.js';
import { type StreamedTurn, streamTurn } from '../turn/stream-turn.js';
import { applyDecision, finishToolCalls, NEXT, stopCheckAfter, toolCallsOptions } from './apply-decision.js';
import {
  countCancelledRequest,
  decideAfterTurn,
  decideBeforeTurn,
  resumedToolTurn,
  type TurnPlan,
  turnOptions,
  turnRequest,
} from './decide-next.js';
import { decisionForError, type LoopDecision, type LoopOutcome } from './loop-decision.js';
import { type LoopRun, saveStep } from './loop-run.js';
import { runToolCalls } from './run-tool-calls.js';

/** Everything the loop needs besides the state, with defaults already applied. */
export interface LoopOptions {
  client: MimoClient;
  agent: Agent<OutputSpec | undefined>;
  registry: ToolRegistry;
  maxTurns: number;
  onMaxTurns: 'error' | 'final-answer';
  finalAnswer: { strategy: FinalAnswerStrategy; prompt: string };
  stopWhen: StopCondition | readonly StopCondition[] | undefined;
  maxToolConcurrency: number;
  signal: AbortSignal;
  context: unknown;
  /** The agent's and the run's `toolLimits` (a tool's own settings win over both). */
  toolLimits: { agent: ToolLimits | undefined; run: ToolLimits | undefined };
  emit: (event: RunEvent) => void;
  /** Structured output (the agent's `output`), or `undefined` for a text answer. */
  output: OutputSettings | undefined;
  /**
   * Called after every change worth saving (a model turn recorded, a tool about to start, a tool
   * outcome, the end), and awaited before the loop goes on and before the event that reports the
   * change (`turn.completed`, `tool.completed`, `run.completed`) is emitted. Saves of parallel tools may
   * overlap: a store behind it must order them (`checkpointSaver` does). It receives the live state:
   * serialise or clone it to keep it. If it throws, the run fails with that error (running tools of the
   * turn are cancelled and awaited first).
   */
  onStep?: (state: RunState, step: StepInfo) => void | Promise<void>;
  /** The agent's model price, when the run was given `prices`: turns and the result get a `cost`. */
  price?: ModelPrice | undefined;
  /** Applied before each request (see `ContextPolicy`). */
  contextPolicy?: ContextPolicy | undefined;
  /** Sent as `prompt_cache_key` with every request of the run. */
  promptCacheKey?: string | undefined;
  /** Hooks around the run, each model request attempt and each tool call; none by default. */
  instrumentation?: Instrumentation | undefined;
  /** The run's `prices` (a handoff re-resolves `price` for its target's model). */
  prices?: PriceTable | undefined;
  /** The run's store, passed down to sub-agent runs (`agentTool`). */
  checkpoint?: CheckpointStore<RunState> | undefined;
  /** Names of the agents above this run (`[]` for a top run; a sub-run's parent path). */
  agentPath: readonly string[];
  /** Limits and counters shared by the whole tree of agent runs. */
  agentTree: AgentTree;
  /**
   * The live spending of the tree whose budgets this run is under (`agents/tree-spending.ts`): inherited
   * by a sub-run, made by a run with budgets at its first sub-run; each request's usage is added to it.
   */
  spending: TreeSpending | undefined;
  /** The structured output that applies while an agent is current (a handoff switches to it). */
  outputFor?: OutputForAgent;
  /** Set after a handoff whose target has an input filter: what each request of the target sends. */
  inputFilter?: HandoffInputFilter;
}

/** Which step `onStep` is called after (and, for tool steps, which call). */
export interface StepInfo {
  step: CheckpointStep;
  callId?: string;
}

/**
 * The turn loop. Starts from any `RunState` (fresh, or restored from a checkpoint): finishes a pending
 * tool turn first (calls with a recorded outcome are never run again), then alternates model turns and
 * tool runs until a final answer, an incomplete turn, a stop condition, the turn limit or an abort.
 * Each step is one `LoopDecision` (`decideBeforeTurn`, `decideAfterTurn`) applied by `drive` (a tool turn) or one `switch` (`applyDecision`).
 */
export function runFromState(state: RunState, options: LoopOptions): Promise<RunResult<unknown>> {
  // Not an async function: it returns the loop's own promise, not one more promise waiting on it.
  try {
    // A sub-run started by an `agentTool`: the tool reads what it spent from here if it fails.
    toolCallScope.getStore()?.onSubRunState?.(state);
    bindAgentTree(options.agentTree, state, options.agentPath.length === 0);
    const run: LoopRun = {
      state,
      options,
      responses: [],
      resumedFrom: state.status,
      stopCheckDue: undefined,
    };
    const { instrumentation } = options;
    if (instrumentation === undefined) return drive(run);
    return instrumentation.run(
      { runId: state.runId, agent: options.agent, client: options.client, state },
      () => drive(run),
    );
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Starts the run, then decides and applies until a result or an error. A run spends most of its life
 * waiting in a tool turn or for a model's answer, so both are run here, inline, rather than in async
 * functions of their own: a suspended async function holds all its registers, its promise and the
 * reaction its caller waits with. What a step no longer needs (the decision, the pending turn, the
 * request, the streamed turn) is cleared before the next long wait, so a waiting run holds only what
 * it still uses.
 */
async function drive(run: LoopRun): Promise<RunResult<unknown>> {
  const { options } = run;
  announceStart(run);
  // `undefined`: decide next (a model turn, unless something holds before it).
  let decision: LoopDecision | undefined;
  let pending: PendingToolTurn | undefined;
  let plan: LoopDecision | TurnPlan | Promise<LoopDecision | TurnPlan> | undefined;
  let request: ResponseRequest | undefined;
  let streamed: StreamedTurn | undefined;
  let next: LoopDecision | Promise<LoopDecision> | undefined;
  try {
    decision = await firstDecision(run);
  } catch (error) {
    decision = decisionForError(options.signal, error);
  }
  for (;;) {
    if (decision === undefined) {
      // The next decision: what holds before a turn, else one model turn.
      try {
        plan = decideBeforeTurn(run);
        plan = plan instanceof Promise ? await plan : plan;
        if (plan.type !== 'request') decision = plan;
        else {
          if (options.contextPolicy !== undefined) await applyContextPolicy(run, plan.turnNumber);
          request = turnRequest(run, plan.lastChance);
          try {
            streamed = await streamTurn(turnOptions(run, request, plan));
          } catch (error) {
            countCancelledRequest(run);
            throw error;
          }
          next = decideAfterTurn(run, request, plan, streamed);
          request = undefined;
          streamed = undefined;
          decision = next instanceof Promise ? await next : next;
        }
      } catch (error) {
        decision = decisionForError(options.signal, error);
      }
      plan = undefined;
      request = undefined;
      streamed = undefined;
      next = undefined;
    }
    let outcome: LoopOutcome;
    try {
      if (decision.type === 'tool-turn') {
        // Saved and reported first (a turn restored from a saved state was reported by the run that streamed it).
        const restored = decision.completed === undefined;
        if (decision.completed !== undefined) {
          await saveStep(run, 'turn');
          options.emit(decision.completed);
        }
        const { turn } = decision;
        decision = undefined;
        pending = run.state.pending;
        if (pending !== undefined) {
          // The calls without an outcome and not waiting for approval run, saved around each.
          await requestApprovals(run.state, options.registry, options.context);
          await runToolCalls(toolCallsOptions(run, pending));
          await finishToolCalls(run, pending);
          pending = undefined;
        }
        run.stopCheckDue = stopCheckAfter(run, turn, restored);
        outcome = NEXT;
      } else {
        const applying = applyDecision(run, decision);
        decision = undefined;
        outcome = await applying;
      }
    } catch (error) {
      pending = undefined;
      // `abort` and `failure` never throw, so this turns into one of them at most once.
      decision = decisionForError(options.signal, error);
      continue;
    }
    if (outcome.type === 'result') return outcome.result;
    if (outcome.type === 'error') throw outcome.error;
    decision = undefined;
  }
}

/** Marks the state running and reports `run.started`. */
function announceStart(run: LoopRun): void {
  const { state, options } = run;
  state.status = 'running';
  // A structured-output run's result is its object (never the answer text), even before one exists.
  if (options.output !== undefined) state.output ??= { repairs: 0 };
  options.emit({
    type: 'run.started',
    runId: state.runId,
    agent: options.agent.name,
    model: options.agent.model,
  });
}

/** The first decision: a pending turn or an unchecked saved answer of a resumed state first, else `undefined` (decide next). */
async function firstDecision(run: LoopRun): Promise<LoopDecision | undefined> {
  const { state, options } = run;
  // A durable run exists in its store before its first request; a resumed one records that it runs again.
  await saveStep(run, 'start');
  if (state.pending !== undefined)
    return { type: 'tool-turn', turn: state.turns.at(-1), completed: undefined };
  // A saved structured answer not validated yet (killed in between): validate it, never ask again.
  const answer = uncheckedAnswer(state, options.output);
  if (answer !== undefined && options.output !== undefined)
    return decideAnswer(run, options.output, answer, undefined);
  // Resumed after a tool turn whose tools had finished: check its stop conditions as the uninterrupted run would.
  run.stopCheckDue = resumedToolTurn(state, run.resumedFrom);
  return undefined;
}
