import { startToolCall } from './start-tool-call.js';
import type { ToolCallRequest, ToolOutcome } from './tool-outcome.js';
import type { ToolProgressUpdate } from './tool-progress.js';
import type { AnyTool } from './tool-types.js';

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
export function executeTool(options: ExecuteToolOptions): Promise<ToolOutcome> {
  return new Promise<ToolOutcome>((resolve) => {
    startToolCall(options, { toolSettled: resolve });
  });
}
