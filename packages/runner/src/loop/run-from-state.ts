import type { MimoClient } from '@mimo-agents/core';
import type { OutputSpec, ToolLimits, ToolRegistry } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import { bindAgentTree } from '../agents/bind-agent-tree.js';
import type { HandoffInputFilter } from '../agents/handoff.js';
import type { OutputForAgent } from '../agents/handoff-output.js';
import { type AgentTree, toolCallScope } from '../agents/tool-call-scope.js';
import type { FinalAnswerStrategy } from '../build-request.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import type { ContextPolicy } from '../context/context-policy.js';
import type { ModelPrice, PriceTable } from '../cost.js';
import type { CheckpointStep, RunEvent } from '../events.js';
import type { Instrumentation } from '../instrumentation/instrumentation.js';
import { decideAnswer, uncheckedAnswer } from '../output/decide-output.js';
import type { OutputSettings } from '../output/output-settings.js';
import type { RunResult } from '../run-result.js';
import type { RunState } from '../run-state.js';
import type { StopCondition } from '../stop-conditions.js';
import { applyDecision } from './apply-decision.js';
import { decideNext, resumedToolTurn } from './decide-next.js';
import { decisionForError, type LoopDecision, type LoopOutcome } from './loop-decision.js';
import { type LoopRun, saveStep } from './loop-run.js';

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
 * Each step is one `LoopDecision` (`decideNext`) applied by one `switch` (`applyDecision`).
 */
export async function runFromState(state: RunState, options: LoopOptions): Promise<RunResult<unknown>> {
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
}

/** Starts the run, then decides and applies until a result or an error. */
async function drive(run: LoopRun): Promise<RunResult<unknown>> {
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
  let decision = await decideSafely(run, async () => {
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
    return decideNext(run);
  });
  for (;;) {
    let outcome: LoopOutcome;
    try {
      outcome = await applyDecision(run, decision);
    } catch (error) {
      // `abort` and `failure` never throw, so this turns into one of them at most once.
      decision = decisionForError(options.signal, error);
      continue;
    }
    switch (outcome.type) {
      case 'next':
        decision = await decideSafely(run, () => decideNext(run));
        break;
      case 'result':
        return outcome.result;
      case 'error':
        throw outcome.error;
      default: {
        const unhandled: never = outcome;
        return unhandled;
      }
    }
  }
}

/** Runs a decision step; an error it throws becomes the `abort` or `failure` decision. */
async function decideSafely(run: LoopRun, decide: () => Promise<LoopDecision>): Promise<LoopDecision> {
  try {
    return await decide();
  } catch (error) {
    return decisionForError(run.options.signal, error);
  }
}
