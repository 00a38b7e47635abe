import { serializeOutput, truncate } from './serialize-output.js';
import { DEFAULT_TOOL_LIMITS } from './tool-limits.js';
import type { ToolCallRequest, ToolErrorKind, ToolOutcome } from './tool-outcome.js';
import { progressReporter, type ToolProgressUpdate } from './tool-progress.js';
import type { AnyTool, ToolContext } from './tool-types.js';

/** Options of `executeTool()`. */
export interface ExecuteToolOptions {
  /** The tool looked up by the call's name; `undefined` when there is none. */
  tool: AnyTool | undefined;
  /** The call to execute. */
  call: ToolCallRequest;
  /** Cancels the execution; the tool sees it through `ctx.signal`. */
  signal?: AbortSignal;
  /** Time limit in ms; overrides the tool's own `timeoutMs` (default 60 000; `Infinity`: none). */
  timeoutMs?: number;
  /** `ctx.idempotencyKey`; defaults to the call id (the runner passes `runId:callId`). */
  idempotencyKey?: string;
  /** `ctx.attempt`; defaults to 1. */
  attempt?: number;
  /** `ctx.context`: the run's user context. */
  context?: unknown;
  /**
   * Cut the output to this many characters, with a marker the model can read; overrides the tool's own
   * `maxOutputChars` (default 262 144; `Infinity`: no cap). The outcome's `originalChars` says it happened.
   */
  maxOutputChars?: number;
  /** Receives the tool's `ctx.progress()` updates (bounded by the two options below). */
  onProgress?: (update: ToolProgressUpdate) => void;
  /** Shortest gap between two progress updates, in ms (default 100). */
  progressIntervalMs?: number;
  /** Longest progress message, in characters (default 1 000). */
  maxProgressChars?: number;
  /** Names listed to the model when it calls an unknown tool. */
  availableTools?: readonly string[];
}

/**
 * Parses the arguments and runs one tool call. Never throws for a fault inside the tool: unknown
 * tool, bad arguments, a throw or rejection, a timeout (which aborts `ctx.signal`), an abort and
 * an unserialisable result all become an `error` outcome whose `output` tells the model what happened.
 * @example
 * const outcome = await executeTool({ tool: registry.get(call.name), call, signal, timeoutMs: 30_000 });
 * history.push({ type: 'function_call_output', call_id: outcome.callId, output: outcome.output });
 */
export async function executeTool(options: ExecuteToolOptions): Promise<ToolOutcome> {
  const { tool, call, signal } = options;
  const maxOutputChars = capOf(options.maxOutputChars ?? tool?.maxOutputChars);
  const started = performance.now();
  const fail = (kind: ToolErrorKind, message: string, hint: string): ToolOutcome =>
    capped(
      {
        type: 'error',
        callId: call.callId,
        name: call.name,
        kind,
        message,
        output: `Error: ${message}${hint === '' ? '' : ` ${hint}`}`,
        durationMs: performance.now() - started,
      },
      maxOutputChars,
    );

  if (tool === undefined) {
    const names = options.availableTools ?? [];
    const hint =
      names.length > 0 ? `Available tools: ${names.join(', ')}.` : 'Call only the tools you were given.';
    return fail('unknown_tool', `unknown tool "${call.name}".`, hint);
  }
  if (signal?.aborted) return fail('aborted', `tool "${call.name}" was cancelled before it started.`, '');
  let args: unknown;
  try {
    args = tool.parse(call.arguments);
  } catch (error) {
    return fail('invalid_arguments', messageOf(error), '');
  }

  const controller = new AbortController();
  let reporter: ReturnType<typeof progressReporter> | undefined;
  let settled = false;
  const ctx: ToolContext = {
    callId: call.callId,
    signal: controller.signal,
    idempotencyKey: options.idempotencyKey ?? call.callId,
    attempt: options.attempt ?? 1,
    context: options.context,
    // The channel (rate limit, size cut) is made on the first update: most tools never send one.
    progress: (message, data) => {
      if (settled) return;
      reporter ??= progressReporter({
        onProgress: options.onProgress,
        intervalMs: options.progressIntervalMs ?? DEFAULT_TOOL_LIMITS.progressIntervalMs,
        maxChars: options.maxProgressChars ?? DEFAULT_TOOL_LIMITS.maxProgressChars,
      });
      reporter.progress(message, data);
    },
  };
  // `Infinity` is no limit, chosen on purpose; setTimeout fires at once above 2^31-1 ms, so longer ones are clamped.
  const limit = options.timeoutMs ?? tool.timeoutMs ?? DEFAULT_TOOL_LIMITS.timeoutMs;
  const timeoutMs =
    limit === Number.POSITIVE_INFINITY ? undefined : Math.min(Math.max(limit, 0), 2_147_483_647);

  return new Promise<ToolOutcome>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: ToolOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    function onAbort(): void {
      controller.abort(signal?.reason);
      settle(fail('aborted', `tool "${call.name}" was cancelled before it finished.`, ''));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        // Abort first so the tool can stop its work; the outcome does not wait for it to do so.
        controller.abort(
          new DOMException(`Tool "${call.name}" timed out after ${timeoutMs} ms`, 'TimeoutError'),
        );
        settle(
          fail(
            'timeout',
            `tool "${call.name}" timed out after ${timeoutMs} ms and was stopped.`,
            'Try a smaller request or continue without it.',
          ),
        );
      }, timeoutMs);
    }
    const thrown = (error: unknown): void =>
      settle(fail('thrown', `tool "${call.name}" failed: ${messageOf(error)}`, ''));
    let result: unknown;
    try {
      result = tool.execute(args, ctx);
    } catch (error) {
      thrown(error);
      return;
    }
    Promise.resolve(result).then((value) => {
      const serialized = serializeOutput(value);
      if (serialized.ok) {
        settle(
          capped(
            {
              type: 'ok',
              callId: call.callId,
              name: call.name,
              output: serialized.text,
              durationMs: performance.now() - started,
            },
            maxOutputChars,
          ),
        );
      } else {
        settle(
          fail(
            'unserializable_output',
            `tool "${call.name}" returned a value that cannot be sent to the model (${serialized.reason}).`,
            '',
          ),
        );
      }
    }, thrown);
  });
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
