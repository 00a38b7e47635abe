import type { AsyncLocalStorage } from 'node:async_hooks';
import type { DeadlineEntry } from '@mimo-agents/core';
import { CallContext } from './call-context.js';
import { toolDeadlines } from './deadline-timer.js';
import type { ExecuteToolOptions } from './execute-tool.js';
import { serializeOutput, truncate } from './serialize-output.js';
import { DEFAULT_TOOL_LIMITS } from './tool-limits.js';
import type { ToolCallRequest, ToolErrorKind, ToolOutcome } from './tool-outcome.js';
import { progressReporter, type ToolProgressUpdate } from './tool-progress.js';
import type { AnyTool, ToolContext } from './tool-types.js';

/** Receives one tool call's outcome (`toolSettled`, exactly once) and its progress updates. */
export interface ToolCallSink {
  /**
   * The call's outcome; called once, synchronously from `startToolCall` when the tool never starts. It is
   * called in the async context the call ended in (the tool's, the aborter's, the shared timer's): a sink
   * that needs its own context restores it (e.g. with an `AsyncResource` made where the call started).
   */
  toolSettled(outcome: ToolOutcome): void;
  /** A progress update that passed the bounds (used when the options have no `onProgress`). */
  toolProgress?(update: ToolProgressUpdate): void;
}

/** Options of `startToolCall()`: those of `executeTool()`, and the async scope the tool runs in. */
export interface StartToolCallOptions<S = unknown> extends ExecuteToolOptions {
  /** Runs the tool's `execute` as `storage.run(store, …)`; its outcome is still delivered outside it. */
  runIn?: { storage: AsyncLocalStorage<S>; store: S };
}

/** A tool call started by `startToolCall()`. */
export interface RunningToolCall {
  /**
   * Ends the call now as `aborted` (no-op once it has its outcome) and aborts `ctx.signal` with `reason`;
   * the outcome does not wait for the tool to stop.
   */
  abort(reason: unknown): void;
}

/**
 * Starts one tool call and hands its outcome to `sink` (see `executeTool()` for what the outcomes are).
 * What `executeTool()` is built on, for callers that run many calls: the outcome goes to an object's
 * method instead of a promise, the caller may cancel through `abort()` instead of one `signal` listener
 * per call, and `ctx.signal` is made only when the tool reads it.
 * @example
 * const running = startToolCall({ tool, call }, { toolSettled: (outcome) => record(outcome) });
 * onCancel(() => running.abort(new Error('cancelled')));
 */
export function startToolCall<S>(options: StartToolCallOptions<S>, sink: ToolCallSink): RunningToolCall {
  return new ToolCallRun(options, sink);
}

/**
 * One call in progress. Everything a waiting call needs is on this object (its deadline, the optional
 * signal it follows, the outcome's sink) so no closure is made per call; the `AbortController` and the
 * progress channel are made when the tool first reads `ctx.signal` or `ctx.progress`.
 */
class ToolCallRun implements RunningToolCall, DeadlineEntry {
  deadline = 0;
  heapIndex = -1;
  readonly #call: ToolCallRequest;
  readonly #started: number;
  readonly #maxOutputChars: number | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #signal: AbortSignal | undefined;
  #storage: AsyncLocalStorage<unknown> | undefined = undefined;
  #store: unknown = undefined;
  #sink: ToolCallSink | undefined;
  #controller: AbortController | undefined = undefined;
  /** Why the call ended early (abort reason or timeout error), for a `ctx.signal` first read after it. */
  #reason: unknown = undefined;
  /** `ctx.progress`, once read. */
  #progress: ToolContext['progress'] | undefined = undefined;
  /** The options, kept only when they set `onProgress` or a progress bound (most callers set neither). */
  readonly #progressOptions: ExecuteToolOptions | undefined;

  constructor(options: StartToolCallOptions<unknown>, sink: ToolCallSink) {
    const { tool, call, signal } = options;
    this.#progressOptions =
      options.onProgress === undefined &&
      options.progressIntervalMs === undefined &&
      options.maxProgressChars === undefined
        ? undefined
        : options;
    this.#call = call;
    this.#sink = sink;
    this.#signal = signal;
    this.#started = performance.now();
    this.#maxOutputChars = capOf(options.maxOutputChars ?? tool?.maxOutputChars);
    // `Infinity` is no limit, chosen on purpose; setTimeout fires at once above 2^31-1 ms, so longer ones are clamped.
    const limit = options.timeoutMs ?? tool?.timeoutMs ?? DEFAULT_TOOL_LIMITS.timeoutMs;
    this.#timeoutMs =
      limit === Number.POSITIVE_INFINITY ? undefined : Math.min(Math.max(limit, 0), 2_147_483_647);
    this.#start(tool, options);
  }

  /** `ctx.signal`: made on first read, already aborted when the call ended early. */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** `ctx.progress`: one function per call, made on first read; the channel on the first update. */
  progress(): ToolContext['progress'] {
    this.#progress ??= this.#makeProgress();
    return this.#progress;
  }

  abort(reason: unknown): void {
    if (this.#sink === undefined) return;
    this.#stop(reason);
    this.#settle(this.#fail('aborted', `tool "${this.#call.name}" was cancelled before it finished.`, ''));
  }

  /** The deadline passed (the shared timer runs outside any call's context: the tool's scope is entered again). */
  expire(): void {
    if (this.#sink === undefined) return;
    const storage = this.#storage;
    if (storage === undefined) this.timeOut();
    else storage.run(this.#store, timeOut, this);
  }

  /** Aborts `ctx.signal` first so the tool can stop its work; the outcome does not wait for it. */
  timeOut(): void {
    if (this.#sink === undefined) return;
    const { name } = this.#call;
    this.#stop(new DOMException(`Tool "${name}" timed out after ${this.#timeoutMs} ms`, 'TimeoutError'));
    this.#settle(
      this.#fail(
        'timeout',
        `tool "${name}" timed out after ${this.#timeoutMs} ms and was stopped.`,
        'Try a smaller request or continue without it.',
      ),
    );
  }

  /** The external signal aborted (`signal.addEventListener('abort', this)`). */
  handleEvent(): void {
    this.abort(this.#signal?.reason);
  }

  /** The tool's result: its value, or a rejection (`thrown`). */
  resolved(value: unknown): void {
    if (this.#sink === undefined) return;
    const serialized = serializeOutput(value);
    if (!serialized.ok) {
      this.#settle(
        this.#fail(
          'unserializable_output',
          `tool "${this.#call.name}" returned a value that cannot be sent to the model (${serialized.reason}).`,
          '',
        ),
      );
      return;
    }
    const { callId, name } = this.#call;
    const outcome: ToolOutcome = {
      type: 'ok',
      callId,
      name,
      output: serialized.text,
      durationMs: performance.now() - this.#started,
    };
    this.#settle(capped(outcome, this.#maxOutputChars));
  }

  rejected(error: unknown): void {
    if (this.#sink === undefined) return;
    this.#settle(this.#fail('thrown', `tool "${this.#call.name}" failed: ${messageOf(error)}`, ''));
  }

  #start(tool: AnyTool | undefined, options: StartToolCallOptions<unknown>): void {
    const call = this.#call;
    if (tool === undefined) {
      const names = options.availableTools ?? [];
      const hint =
        names.length > 0 ? `Available tools: ${names.join(', ')}.` : 'Call only the tools you were given.';
      this.#settle(this.#fail('unknown_tool', `unknown tool "${call.name}".`, hint));
      return;
    }
    const signal = this.#signal;
    if (signal?.aborted) {
      this.#settle(this.#fail('aborted', `tool "${call.name}" was cancelled before it started.`, ''));
      return;
    }
    let args: unknown;
    try {
      args = tool.parse(call.arguments);
    } catch (error) {
      this.#settle(this.#fail('invalid_arguments', messageOf(error), ''));
      return;
    }
    signal?.addEventListener('abort', this, { once: true });
    const ctx = new CallContext(this, options);
    const { runIn } = options;
    if (runIn === undefined) {
      this.execute(tool, args, ctx);
      return;
    }
    this.#storage = runIn.storage;
    this.#store = runIn.store;
    // The tool runs, and its result is followed, inside the scope: no copy of the caller's context is kept
    // for the continuation (the sink gets the outcome in whatever context the call ended in).
    runIn.storage.run(runIn.store, executeIn, this, tool, args, ctx);
  }

  /** Runs the tool and follows its result. */
  execute(tool: AnyTool, args: unknown, ctx: ToolContext): void {
    let result: unknown;
    try {
      result = tool.execute(args as never, ctx);
    } catch (error) {
      this.rejected(error);
      return;
    }
    if (result instanceof Promise) {
      this.#waitAtMost();
      result.then(this.resolved.bind(this), this.rejected.bind(this));
    } else if (isThenable(result)) {
      this.#waitAtMost();
      Promise.resolve(result).then(this.resolved.bind(this), this.rejected.bind(this));
    } else this.resolved(result);
  }

  /**
   * Puts the call's deadline (its timeout counted from the start) on the shared timer, once the tool
   * returned a promise: a tool that returns its value at once has its outcome before any timer could
   * fire, so it gets no entry (and the shared timer is not armed and cleared for it). Not when the call
   * already ended (aborted during the tool's synchronous part).
   */
  #waitAtMost(): void {
    if (this.#timeoutMs === undefined || this.#sink === undefined) return;
    toolDeadlines.add(this, Math.max(0, this.#timeoutMs - (performance.now() - this.#started)));
  }

  #stop(reason: unknown): void {
    this.#reason = reason;
    this.#controller?.abort(reason);
  }

  #settle(outcome: ToolOutcome): void {
    const sink = this.#sink;
    if (sink === undefined) return;
    // From here the call has ended: later progress updates and results are ignored.
    this.#sink = undefined;
    toolDeadlines.remove(this);
    this.#signal?.removeEventListener('abort', this);
    sink.toolSettled(outcome);
  }

  #fail(kind: ToolErrorKind, message: string, hint: string): ToolOutcome {
    const { callId, name } = this.#call;
    return capped(
      {
        type: 'error',
        callId,
        name,
        kind,
        message,
        output: `Error: ${message}${hint === '' ? '' : ` ${hint}`}`,
        durationMs: performance.now() - this.#started,
      },
      this.#maxOutputChars,
    );
  }

  /** The bounded progress function; the channel (rate limit, size cut) is made on the first update. */
  #makeProgress(): ToolContext['progress'] {
    let reporter: ReturnType<typeof progressReporter> | undefined;
    return (message, data) => {
      const sink = this.#sink;
      if (sink === undefined) return;
      if (reporter === undefined) {
        const options = this.#progressOptions;
        reporter = progressReporter({
          onProgress:
            options?.onProgress ??
            (sink.toolProgress === undefined ? undefined : (update) => sink.toolProgress?.(update)),
          intervalMs: options?.progressIntervalMs ?? DEFAULT_TOOL_LIMITS.progressIntervalMs,
          maxChars: options?.maxProgressChars ?? DEFAULT_TOOL_LIMITS.maxProgressChars,
        });
      }
      reporter.progress(message, data);
    };
  }
}

/** What `runIn.storage.run` is given (a function, not a closure per call). */
function executeIn(run: ToolCallRun, tool: AnyTool, args: unknown, ctx: ToolContext): void {
  run.execute(tool, args, ctx);
}

/** Times `run` out (inside its `runIn` scope, as `run.expire` is given to `storage.run`). */
function timeOut(run: ToolCallRun): void {
  run.timeOut();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The cap in characters, `undefined` for none (`Infinity`). */
function capOf(limit: number | undefined): number | undefined {
  const cap = limit ?? DEFAULT_TOOL_LIMITS.maxOutputChars;
  return cap === Number.POSITIVE_INFINITY ? undefined : cap;
}

/** The outcome with its output cut to `maxChars` and, when cut, its original length. */
function capped(outcome: ToolOutcome, maxChars: number | undefined): ToolOutcome {
  if (maxChars === undefined || outcome.output.length <= maxChars) return outcome;
  return { ...outcome, output: truncate(outcome.output, maxChars), originalChars: outcome.output.length };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
