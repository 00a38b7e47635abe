import type { InputItem } from '@mimo-agents/core';
import type { CompactionRecord } from './context/compaction-record.js';
import type { ContextMark } from './context/context-tokens.js';
import type { SavedRunError } from './errors/saved-run-error.js';
import type { OutputState } from './output/output-settings.js';
import type { RunResultStatus, ToolCallRecord, TurnRecord } from './run-result.js';
import { emptyUsage, type RunUsage } from './usage.js';

/** A model turn whose calls are in the history but whose outputs are not all recorded yet. */
export interface PendingToolTurn {
  turn: number;
  /** In call order; a call with an `outcome` is never executed again. */
  calls: ToolCallRecord[];
}

/**
 * The whole state of a run as plain JSON, updated at every step: enough to save a checkpoint and to
 * resume the loop (`runFromState`) without re-running a model turn or a tool that already has a result.
 */
export interface RunState {
  version: 1;
  runId: string;
  agent: { name: string; model: string };
  status: 'running' | RunResultStatus | 'failed';
  /** `history.slice(0, inputLength)` is the caller's input; the rest is what this run added. */
  inputLength: number;
  history: InputItem[];
  turns: TurnRecord[];
  usage: RunUsage;
  /**
   * Set between the end of a tool-calling turn and the moment all its outputs are in `history`. The
   * live state of a run keeps the key once set (`undefined` when no turn is pending); a saved state
   * has no `pending` key then.
   */
  pending?: PendingToolTurn | undefined;
  finalOutput?: string;
  /** Structured output (an agent with `output`): repairs sent, the last answer checked, the object. */
  output?: OutputState;
  incompleteReason?: string;
  /** With a context policy: which history the last request's server `usage` counted. */
  contextMark?: ContextMark;
  /** Every cut a context policy made, oldest first. */
  compactions?: CompactionRecord[];
  /** How many checkpoints of this run were saved, this one included (the `seq` of `checkpoint.saved`). */
  checkpointSeq?: number;
  /**
   * Set by an `Instrumentation` when the run first starts (`@mimo-agents/otel` stores the W3C
   * `traceparent` of the run's span, 55 characters): saved with the state, so a resumed run can link to it.
   */
  traceContext?: string;
  /**
   * Sub-agent runs (`agentTool`) started so far in this run's tree, kept by the top run only, so
   * `agentLimits.maxSubRuns` goes on counting after a resume (absent in older checkpoints: 0).
   */
  subRuns?: number;
  /** When the run started (ISO 8601), set by `createRunState`; absent in checkpoints written before it existed. */
  startedAt?: string;
  /** The handoffs so far, oldest first: after turn `turn`'s calls, `from` handed the run to `to`. */
  handoffs?: RunStateHandoff[];
  /** Why the run failed (status `failed`): the error's code, message and fix, secrets redacted. */
  error?: SavedRunError;
}

/** One handoff recorded in the run state (what the `agent.handoff` event said). */
export interface RunStateHandoff {
  turn: number;
  callId: string;
  from: string;
  to: string;
}

/** Options of `createRunState`. */
export interface CreateRunStateOptions {
  runId: string;
  agent: { name: string; model: string };
  /** The validated input items (earlier history plus the new input). */
  input: InputItem[];
}

/** A fresh state at the start of a run. */
export function createRunState(options: CreateRunStateOptions): RunState {
  return {
    version: 1,
    runId: options.runId,
    agent: { name: options.agent.name, model: options.agent.model },
    status: 'running',
    inputLength: options.input.length,
    history: [...options.input],
    turns: [],
    usage: emptyUsage(),
    startedAt: new Date().toISOString(),
    // Present from the start (not added at the first tool turn): no separate property store per run.
    pending: undefined,
  };
}

/**
 * The state as it is saved: without a `pending` key when no turn is pending (the live state keeps the
 * key, `undefined`, to keep one shape). Returns `state` itself when there is nothing to leave out.
 */
export function savedRunState(state: RunState): RunState {
  if (state.pending !== undefined || !('pending' in state)) return state;
  const { pending: _none, ...saved } = state;
  return saved;
}
