import type { InputItem, MimoClient } from '@mimo-agents/core';
import type { InferOutput, OutputSpec, ToolLimits } from '@mimo-agents/tools';
import type { Agent } from './agent.js';
import type { AgentLimits } from './agents/agent-limits.js';
import type { FinalAnswerStrategy } from './build-request.js';
import type { CheckpointStore } from './checkpoint/checkpoint-store.js';
import type { ContextPolicy } from './context/context-policy.js';
import type { PriceTable } from './cost.js';
import type { RunInput } from './history/normalize-input.js';
import type { Instrumentation } from './instrumentation/instrumentation.js';
import type { OutputMode } from './output/output-settings.js';
import type { RunState } from './run-state.js';
import type { RunSession } from './session/session-store.js';
import type { StopCondition } from './stop-conditions.js';

/** A run's `finalOutput` type: the schema's type for an agent with `output`, else `string`. */
export type FinalOutput<TOutput extends OutputSpec | undefined> = TOutput extends OutputSpec
  ? InferOutput<TOutput>
  : string;

/**
 * Options of `run()` and `streamRun()`; `TOutput` and `TContext` are inferred from the agent and `context`.
 * @example
 * await run({ client, agent, input: 'Weather in Paris?', maxTurns: 8, stopWhen: hasToolCall('done') });
 */
export interface RunOptions<TOutput extends OutputSpec | undefined = undefined, TContext = unknown> {
  client: MimoClient;
  agent: Agent<TOutput, TContext>;
  /** A user message, or items. For a follow-up: `[...previous.history, { role: 'user', content: '…' }]`. */
  input: RunInput;
  /** Earlier history to put before `input` (the same as spreading it into `input`). */
  history?: readonly InputItem[];
  /** Most tool-capable model turns in this run (default 10), in both `onMaxTurns` modes. */
  maxTurns?: number;
  /**
   * When turn `maxTurns` still calls tools (and they ran): `'error'` (default) throws
   * `MaxTurnsExceededError` with the partial result; `'final-answer'` sends one extra request
   * without tools so the model must answer.
   */
  onMaxTurns?: 'error' | 'final-answer';
  /** How the tool-less final request is built (see `FinalAnswerStrategy`) and what it asks. */
  finalAnswer?: { strategy?: FinalAnswerStrategy; prompt?: string };
  /** Checked after each tool-calling turn (after its tools ran); any true one ends the run as `stopped`. */
  stopWhen?: StopCondition | readonly StopCondition[];
  /** Most tools running at once within a turn (default 8; 1 when `parallel_tool_calls` is false). */
  maxToolConcurrency?: number;
  /** Cancels the stream, reaches tools as `ctx.signal`, ends the run with `RunAbortedError`. */
  signal?: AbortSignal;
  /** Passed to every tool as `ctx.context` (typed: tools declared with `ToolContext<TContext>`). */
  context?: TContext;
  /** With `agent.output`: how the answer is requested (default from the model table's `jsonSchema`; see `OutputMode`). */
  outputMode?: OutputMode;
  /** With `agent.output`: repair turns after an invalid answer before `StructuredOutputError` (default 2). */
  maxOutputRepairs?: number;
  /** The run's id (default `crypto.randomUUID()`); tools get `ctx.idempotencyKey = runId:callId`. */
  runId?: string;
  /**
   * Makes the run durable: its state is saved at the start, after every model turn (before its tools
   * run), before and after every tool, and at the end, each save awaited and announced by a
   * `checkpoint.saved` event; the events that report a change (`turn.completed`, `tool.completed`,
   * `run.completed`) come after the save that records it. Continue a crashed run with
   * `resume({ client, agent, runId, checkpoint })`; `run()` with a `runId` already saved in the store
   * throws `CheckpointExistsError` before any request.
   */
  checkpoint?: CheckpointStore<RunState>;
  /**
   * Prices by model, overriding the client's model table (which has MiMo V2.6's): turns, events and
   * the result get a `cost` in US dollars, and `costBudgetIs` works. Without either, no cost.
   */
  prices?: PriceTable;
  /**
   * Limits of every tool call of the run: time (`timeoutMs`, default 60 000), output size
   * (`maxOutputChars`, default 262 144) and progress events. A tool's own setting wins, then the agent's
   * `toolLimits`, then these; `Infinity` turns a limit off on purpose.
   */
  toolLimits?: ToolLimits;
  /**
   * Keeps the history inside the context window: before each request whose estimated input passes the
   * policy's threshold, old turn groups are trimmed, summarised or handed to your function (see
   * `ContextPolicy`); a `context.compacted` event reports each cut.
   */
  contextPolicy?: ContextPolicy;
  /** Sent as `prompt_cache_key` with every request (default: the session id, if any), to help MiMo's prompt cache. */
  promptCacheKey?: string;
  /**
   * A conversation kept in a `SessionStore`: its history is loaded before the run and put before
   * `input`; the new history is saved when the run ends, or `SessionConflictError` if another run saved
   * the session meanwhile. Not with `history`; `resume()` does not save to a session.
   */
  session?: RunSession;
  /**
   * Traces the run: hooks around the run, each model request attempt and each tool call (for
   * OpenTelemetry: `otelInstrumentation()` from `@mimo-agents/otel`). None by default, at no cost.
   */
  instrumentation?: Instrumentation;
  /**
   * Bounds of the tree of sub-agent runs (`agentTool`): nesting depth and how many sub-runs start. A
   * sub-run inherits its parent's. Reaching one fails the run with `AgentLimitError`.
   */
  agentLimits?: AgentLimits;
  /**
   * `streamRun()`: most events kept for a consumer that has not read them yet (default 10 000; `Infinity`:
   * no bound). A consumer that stops reading, or reads more slowly than the run produces, still that far
   * behind on the event loop's next turn (a burst it reads at once does not count) aborts the run: the
   * stream then throws `RunStreamOverflowError` after the events it kept. Not used by `run()`.
   */
  maxBufferedEvents?: number;
}
