import { executeTool, type ToolOutcome, type ToolRegistry } from '@mimo-agents/tools';
import type { RunEvent } from '../events.js';
import type { ToolCallRecord } from '../run-result.js';

/** Options of `runToolCalls`. */
export interface RunToolCallsOptions {
  runId: string;
  turn: number;
  /** The turn's calls in call order; those that already have an `outcome` are skipped (never run twice). */
  calls: ToolCallRecord[];
  registry: ToolRegistry;
  /** At most this many tools run at once (1 when the agent sets `parallel_tool_calls: false`). */
  concurrency: number;
  signal: AbortSignal;
  context: unknown;
  emit: (event: RunEvent) => void;
  /** Called just before a call starts (its `attempts` already counted) and after it gets its outcome. */
  onRecorded?: (call: ToolCallRecord) => void | Promise<void>;
}

/** The output a call gets when the run is cancelled before or while it runs, so the history stays valid. */
export const CANCELLED_OUTPUT =
  'Cancelled: the run was aborted before this tool call finished. Its result is unknown.';

/**
 * Runs one turn's calls with a concurrency cap. Every fault (unknown tool, bad arguments, throw,
 * timeout, abort) becomes an outcome the model can read; this function itself never throws for them.
 */
export async function runToolCalls(options: RunToolCallsOptions): Promise<void> {
  const { calls, concurrency } = options;
  const todo = calls.filter((call) => call.outcome === undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const call = todo[next];
      next += 1;
      if (call !== undefined) await runOne(call, options);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, todo.length)) }, worker);
  await Promise.all(workers);
}

async function runOne(call: ToolCallRecord, options: RunToolCallsOptions): Promise<void> {
  const { turn, emit, signal } = options;
  const { callId, name } = call;
  let outcome: ToolOutcome;
  if (signal.aborted) {
    outcome = {
      type: 'error',
      callId,
      name,
      kind: 'aborted',
      message: CANCELLED_OUTPUT,
      output: CANCELLED_OUTPUT,
      durationMs: 0,
    };
  } else {
    call.attempts = (call.attempts ?? 0) + 1;
    // Saved before the tool starts, so a run resumed after a crash knows this call may have begun.
    await options.onRecorded?.(call);
    emit({ type: 'tool.called', turn, callId, name, arguments: call.arguments });
    outcome = await executeTool({
      tool: options.registry.get(name),
      call: { callId, name, arguments: call.arguments },
      signal,
      idempotencyKey: `${options.runId}:${callId}`,
      attempt: call.attempts,
      context: options.context,
      availableTools: options.registry.names(),
    });
    // A tool that ends because the run was cancelled gets the standard cancelled output.
    if (outcome.type === 'error' && outcome.kind === 'aborted')
      outcome = { ...outcome, output: CANCELLED_OUTPUT };
  }
  record(call, outcome);
  const completed: RunEvent = {
    type: 'tool.completed',
    turn,
    callId,
    name,
    outcome: outcome.type,
    output: outcome.output,
    durationMs: Math.round(outcome.durationMs),
  };
  if (outcome.type === 'error') completed.errorKind = outcome.kind;
  emit(completed);
  await options.onRecorded?.(call);
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
