import { AsyncResource } from 'node:async_hooks';
import type { MimoClient } from '@mimo-agents/core';
import {
  DEFAULT_TOOL_LIMITS,
  type RunningToolCall,
  resolveToolLimits,
  type StartToolCallOptions,
  startToolCall,
  type ToolCallSink,
  type ToolLimits,
  type ToolOutcome,
  type ToolProgressUpdate,
  type ToolRegistry,
} from '@mimo-agents/tools';
import { holdCall, notCounted } from '../agents/sub-run-approvals.js';
import { type ToolCallScope, toolCallScope } from '../agents/tool-call-scope.js';
import type { RunCost } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { Instrumentation } from '../instrumentation/instrumentation.js';
import type { ToolCallRecord } from '../run-result.js';
import { eventsWanted } from '../turn/events-wanted.js';
import type { RunUsage } from '../usage.js';
import { NEVER_ABORTED } from './never-aborted.js';

/** Options of `runToolCalls`. */
export interface RunToolCallsOptions {
  runId: string;
  turn: number;
  /** The turn's calls in call order; those that already have an `outcome` are skipped (never run twice). */
  calls: ToolCallRecord[];
  /** Calls for which this returns true are skipped too (e.g. those waiting for an approval). */
  skip?: (call: ToolCallRecord) => boolean;
  registry: ToolRegistry;
  /** At most this many tools run at once (1 when the agent sets `parallel_tool_calls: false`). */
  concurrency: number;
  signal: AbortSignal;
  context: unknown;
  /** The agent's and the run's `toolLimits`; a tool's own `timeoutMs` / `maxOutputChars` win over both. */
  toolLimits?: { agent: ToolLimits | undefined; run: ToolLimits | undefined };
  emit: (event: RunEvent) => void;
  /** Wraps each execution (`Instrumentation.tool`), when the run has one. */
  instrumentation?: Instrumentation | undefined;
  /** The run's client (for the instrumentation). */
  client?: MimoClient | undefined;
  /**
   * Called just before a call starts (its `attempts` already counted) and after it gets its outcome,
   * before `tool.completed` is emitted. If it throws, the other calls are cancelled (their `ctx.signal`
   * aborts with that error), no call starts and no further `onRecorded` runs, and once every running
   * call has settled `runToolCalls` rejects with that error.
   */
  onRecorded?: (call: ToolCallRecord) => void | Promise<void>;
  /** The scope each call executes in (what an `agentTool` reads of its parent run). */
  scopeFor?: (call: ToolCallRecord) => ToolCallScope;
  /** Adds the usage (and cost, at the sub-agents' own prices) of a call's sub-agent runs to the turn and run totals, just before its outcome is recorded. */
  rollUp?: (usage: RunUsage, cost?: RunCost) => void;
}

/** The output a call gets when the run is cancelled before or while it runs, so the history stays valid. */
export const CANCELLED_OUTPUT =
  'Cancelled: the run was aborted before this tool call finished. Its result is unknown.';

/**
 * Runs one turn's calls with a concurrency cap. Every fault (unknown tool, bad arguments, throw,
 * timeout, abort) becomes an outcome the model can read; this function itself never throws for them.
 * It rejects only when `onRecorded` fails, after cancelling and awaiting the other calls.
 */
export function runToolCalls(options: RunToolCallsOptions): Promise<void> {
  const batch = new ToolBatch(options);
  batch.pump();
  return batch.done;
}

/** An already aborted signal: a call started after the batch stopped ends as cancelled before it starts. */
const STOPPED = AbortSignal.abort();

/**
 * The calls of one `runToolCalls`: which one starts next, the ones running, one listener on the run's
 * signal for all of them, and the first `onRecorded` failure. A waiting call is held by objects (this
 * batch, its `ToolCall`, the tools package's running call), not by suspended async functions or closures.
 * The batch is the `AsyncResource` of the context it started in, where each call's outcome is handled
 * (see `ToolCall.toolSettled`): one object less per waiting batch than a resource of its own.
 */
class ToolBatch extends AsyncResource {
  readonly done: Promise<void>;
  readonly options: RunToolCallsOptions;
  /** Set when the run was cancelled or a save failed: running calls are aborted, no new one starts its tool. */
  stopped: { reason: unknown } | undefined = undefined;
  failure: { error: unknown } | undefined = undefined;
  readonly #concurrency: number;
  /** The calls running, linked through `ToolCall.nextRunning` (no array per batch). */
  #firstRunning: ToolCall | undefined = undefined;
  #runningCount = 0;
  /** Index in `options.calls` of the next call to look at (those with an outcome are skipped). */
  #next = 0;
  /** Settles `done` (a failure settles it with a rejected promise: the reject function is not kept). */
  #resolve: ((value: Promise<void> | undefined) => void) | undefined;
  /** The listener on the run's signal: a bound function (an object listener costs Node an async closure); none on a signal that never aborts. */
  readonly #onAbort: (() => void) | undefined = undefined;

  constructor(options: RunToolCallsOptions) {
    super('mimo-agents.toolCalls');
    this.options = options;
    this.#concurrency = Math.max(1, options.concurrency);
    this.done = new Promise<void>((resolve) => {
      this.#resolve = resolve;
    });
    const { signal } = options;
    if (signal.aborted) this.stop(signal.reason);
    else if (signal !== NEVER_ABORTED) {
      this.#onAbort = this.#aborted.bind(this);
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  /** The run's signal aborted. */
  #aborted(): void {
    this.stop(this.options.signal.reason);
  }

  /** Cancels every running call (their `ctx.signal` aborts with `reason`, their outcome is `aborted` now). */
  stop(reason: unknown): void {
    if (this.stopped !== undefined) return;
    this.stopped = { reason };
    for (let call = this.#firstRunning; call !== undefined; call = call.nextRunning) call.abort(reason);
  }

  // The three hooks are called as methods of the options (`PendingCalls` defines them on its class).

  recorded(call: ToolCallRecord): void | Promise<void> {
    return this.options.onRecorded?.(call);
  }

  scopeFor(call: ToolCallRecord): ToolCallScope | undefined {
    return this.options.scopeFor?.(call);
  }

  rollUp(usage: RunUsage, cost?: RunCost): void {
    this.options.rollUp?.(usage, cost);
  }

  /** Aborts `running` if the batch stopped meanwhile (while its tool's synchronous part ran). */
  abortIfStopped(running: RunningToolCall): void {
    if (this.stopped !== undefined) running.abort(this.stopped.reason);
  }

  fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = { error };
    this.stop(error);
  }

  /** Starts calls up to the cap; once none is left to start and none runs, settles `done`. */
  pump(): void {
    const { calls } = this.options;
    while (this.failure === undefined && this.#runningCount < this.#concurrency) {
      // Calls that already have an outcome are skipped (never run twice).
      while (this.#next < calls.length && this.#skips(calls[this.#next] as ToolCallRecord)) this.#next += 1;
      if (this.#next >= calls.length) break;
      const call = new ToolCall(this, calls[this.#next] as ToolCallRecord);
      this.#next += 1;
      call.nextRunning = this.#firstRunning;
      this.#firstRunning = call;
      this.#runningCount += 1;
      call.begin();
    }
    if (this.#runningCount > 0) return;
    if (this.#onAbort !== undefined) this.options.signal.removeEventListener('abort', this.#onAbort);
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.(this.failure === undefined ? undefined : Promise.reject(this.failure.error));
  }

  #skips(call: ToolCallRecord): boolean {
    return call.outcome !== undefined || this.options.skip?.(call) === true;
  }

  /** `call` is over (recorded, or given up after a failure): the next one may start. */
  ended(call: ToolCall): void {
    if (this.#firstRunning === call) this.#firstRunning = call.nextRunning;
    else {
      let before = this.#firstRunning;
      while (before !== undefined && before.nextRunning !== call) before = before.nextRunning;
      if (before === undefined) return;
      before.nextRunning = call.nextRunning;
    }
    call.nextRunning = undefined;
    this.#runningCount -= 1;
    this.pump();
  }
}

/** One call of a batch: counted and saved before its tool starts, recorded and saved after its outcome. */
class ToolCall implements ToolCallSink {
  /** The next call in the batch's list of running calls. */
  nextRunning: ToolCall | undefined = undefined;
  readonly #batch: ToolBatch;
  readonly #call: ToolCallRecord;
  #running: RunningToolCall | undefined = undefined;
  #scope: ToolCallScope | undefined = undefined;
  #maxOutputChars: number | undefined = undefined;

  constructor(batch: ToolBatch, call: ToolCallRecord) {
    this.#batch = batch;
    this.#call = call;
  }

  /** Starts the call; `batch.ended(this)` follows once it is over, whatever happens. */
  begin(): void {
    this.#prepare().then(undefined, (error: unknown) => this.#failed(error));
  }

  abort(reason: unknown): void {
    this.#running?.abort(reason);
  }

  /**
   * The outcome arrives in the context the call ended in (the tool's own, a timer's, whoever aborted):
   * it is recorded in the batch's, as if the batch had awaited it.
   */
  toolSettled(outcome: ToolOutcome): void {
    this.#batch.runInAsyncScope(this.#settled, this, outcome);
  }

  #settled(outcome: ToolOutcome): void {
    this.#running = undefined;
    this.#finish(outcome).then(
      () => this.#batch.ended(this),
      (error: unknown) => this.#failed(error),
    );
  }

  toolProgress(update: ToolProgressUpdate): void {
    const { emit } = this.#batch.options;
    if (!eventsWanted(emit)) return;
    const { callId, name } = this.#call;
    emit({
      type: 'tool.progress',
      turn: this.#batch.options.turn,
      callId,
      name,
      ...update,
    });
  }

  #failed(error: unknown): void {
    this.#batch.fail(error);
    this.#batch.ended(this);
  }

  /** Counts and saves the attempt, then starts the tool (or ends the call at once when the batch stopped). */
  async #prepare(): Promise<void> {
    const batch = this.#batch;
    const { options } = batch;
    const call = this.#call;
    const { callId, name } = call;
    if (batch.stopped !== undefined) {
      this.toolSettled({
        type: 'error',
        callId,
        name,
        kind: 'aborted',
        message: CANCELLED_OUTPUT,
        output: CANCELLED_OUTPUT,
        durationMs: 0,
      });
      return;
    }
    const attempt = (call.attempts ?? 0) + 1;
    call.attempts = attempt;
    // Saved before the tool starts, so a run resumed after a crash knows this call may have begun.
    await batch.recorded(call);
    if (batch.failure !== undefined) {
      batch.ended(this);
      return;
    }
    const { turn } = options;
    // Events are built only for an emitter whose events someone reads (`run()` drops them all).
    const { emit } = options;
    if (eventsWanted(emit)) emit({ type: 'tool.called', turn, callId, name, arguments: call.arguments });
    const tool = options.registry.get(name);
    const limits = resolveToolLimits(tool, options.toolLimits?.agent, options.toolLimits?.run);
    this.#maxOutputChars = limits.maxOutputChars;
    const scope = batch.scopeFor(call);
    this.#scope = scope;
    const execution: StartToolCallOptions<ToolCallScope> = {
      tool,
      call,
      timeoutMs: limits.timeoutMs,
      maxOutputChars: limits.maxOutputChars,
      idempotencyKey: `${options.runId}:${callId}`,
      attempt,
      context: options.context,
    };
    // The progress bounds only when set: a call with the defaults keeps no options for them.
    if (limits.progressIntervalMs !== DEFAULT_TOOL_LIMITS.progressIntervalMs)
      execution.progressIntervalMs = limits.progressIntervalMs;
    if (limits.maxProgressChars !== DEFAULT_TOOL_LIMITS.maxProgressChars)
      execution.maxProgressChars = limits.maxProgressChars;
    // Cancelled while the start was being saved: the tool does not start.
    if (batch.stopped !== undefined) execution.signal = STOPPED;
    // The names are listed to the model only when it called a tool that does not exist.
    if (tool === undefined) execution.availableTools = options.registry.names();
    const { instrumentation, client } = options;
    if (instrumentation === undefined || client === undefined) {
      if (scope !== undefined) execution.runIn = { storage: toolCallScope, store: scope };
      this.#running = startToolCall(execution, this);
      // Cancelled while the tool's synchronous part ran (before there was a call to abort).
      batch.abortIfStopped(this.#running);
      return;
    }
    const info = { runId: options.runId, turn, callId, name, arguments: call.arguments, attempt, client };
    const work = (): Promise<ToolOutcome> =>
      new Promise<ToolOutcome>((resolve) => {
        if (batch.stopped !== undefined) execution.signal = STOPPED;
        this.#running = startToolCall(execution, { toolSettled: resolve });
        batch.abortIfStopped(this.#running);
      });
    const traced = (): Promise<ToolOutcome> => instrumentation.tool(info, work);
    const outcome = await (scope === undefined ? traced() : toolCallScope.run(scope, traced));
    this.toolSettled(outcome);
  }

  /** Records the outcome, saves it, then announces it (nothing of it once a save of the batch failed). */
  async #finish(outcome: ToolOutcome): Promise<void> {
    const batch = this.#batch;
    const { options } = batch;
    const call = this.#call;
    const scope = this.#scope;
    let result = outcome;
    if (scope !== undefined) {
      // A sub-agent run still ending after an abort or timeout: its usage belongs to this outcome.
      if (scope.settled !== undefined) await scope.settled;
      // A sub-agent limit was reached, or its sub-run cannot be resumed (mismatch, damaged or missing
      // checkpoint): the whole run fails with it (the batch cancels the other calls).
      if (scope.fatal !== undefined) throw scope.fatal.error;
    }
    // A tool that ends because the run was cancelled gets the standard cancelled output.
    if (result.type === 'error' && result.kind === 'aborted' && result.output !== CANCELLED_OUTPUT)
      result = { ...result, output: CANCELLED_OUTPUT };
    // A save failed meanwhile: this outcome will never be saved, so it is neither recorded nor announced.
    if (batch.failure !== undefined) return;
    // An agentTool whose sub-run stopped for approvals: no outcome, the call waits (the run interrupts).
    if (
      scope?.interruption !== undefined &&
      holdCall(call, scope, (usage, cost) => batch.rollUp(usage, cost))
    )
      return;
    if (scope?.usage !== undefined) {
      const rest = notCounted(call, scope.usage, scope.cost);
      batch.rollUp(rest.usage, rest.cost);
    }
    record(call, result);
    // Saved before it is announced: whoever sees `tool.completed` can rely on a resume not redoing it.
    await batch.recorded(call);
    // The outcome is durable: a sub-agent run's own checkpoint is no longer needed.
    if (scope?.afterSaved !== undefined) await scope.afterSaved();
    const { turn, emit } = options;
    if (!eventsWanted(emit)) return;
    const { callId, name } = call;
    if (result.originalChars !== undefined)
      emit({
        type: 'tool.output.truncated',
        turn,
        callId,
        name,
        originalChars: result.originalChars,
        maxOutputChars: this.#maxOutputChars ?? result.output.length,
      });
    const completed: RunEvent = {
      type: 'tool.completed',
      turn,
      callId,
      name,
      outcome: result.type,
      output: result.output,
      durationMs: Math.round(result.durationMs),
    };
    if (result.type === 'error') completed.errorKind = result.kind;
    emit(completed);
  }
}

function record(call: ToolCallRecord, outcome: ToolOutcome): void {
  call.outcome = outcome.type;
  call.output = outcome.output;
  call.durationMs = Math.round(outcome.durationMs);
  switch (outcome.type) {
    case 'ok':
      delete call.errorKind;
      return;
    case 'error':
      call.errorKind = outcome.kind;
      return;
    default: {
      const exhaustive: never = outcome;
      throw new TypeError(`Unknown tool outcome: ${JSON.stringify(exhaustive)}`);
    }
  }
}
