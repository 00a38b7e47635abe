import { serializeOutput, truncate } from './serialize-output.js';
import type { ToolCallRequest, ToolErrorKind, ToolOutcome } from './tool-outcome.js';
import type { AnyTool, ToolContext } from './tool-types.js';

/** Options of `executeTool()`. */
export interface ExecuteToolOptions {
  /** The tool looked up by the call's name; `undefined` when there is none. */
  tool: AnyTool | undefined;
  /** The call to execute. */
  call: ToolCallRequest;
  /** Cancels the execution; the tool sees it through `ctx.signal`. */
  signal?: AbortSignal;
  /** Time limit in milliseconds; overrides the tool's own `timeoutMs`. */
  timeoutMs?: number;
  /** `ctx.idempotencyKey`; defaults to the call id (the runner passes `runId:callId`). */
  idempotencyKey?: string;
  /** `ctx.attempt`; defaults to 1. */
  attempt?: number;
  /** `ctx.context`: the run's user context. */
  context?: unknown;
  /** Cut the output to this many characters, with a visible marker. */
  maxOutputChars?: number;
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
  const { tool, call, signal, maxOutputChars } = options;
  const started = performance.now();
  const fail = (kind: ToolErrorKind, message: string, hint: string): ToolOutcome => ({
    type: 'error',
    callId: call.callId,
    name: call.name,
    kind,
    message,
    output: truncate(`Error: ${message}${hint === '' ? '' : ` ${hint}`}`, maxOutputChars),
    durationMs: performance.now() - started,
  });

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
  const ctx: ToolContext = {
    callId: call.callId,
    signal: controller.signal,
    idempotencyKey: options.idempotencyKey ?? call.callId,
    attempt: options.attempt ?? 1,
    context: options.context,
  };
  // setTimeout fires at once for delays above 2^31-1 ms, so longer limits are clamped to that.
  const limit = options.timeoutMs ?? tool.timeoutMs;
  const timeoutMs = limit === undefined ? undefined : Math.min(Math.max(limit, 0), 2_147_483_647);

  return new Promise<ToolOutcome>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
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
      const serialized = serializeOutput(value, maxOutputChars);
      if (serialized.ok) {
        settle({
          type: 'ok',
          callId: call.callId,
          name: call.name,
          output: serialized.text,
          durationMs: performance.now() - started,
        });
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

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
