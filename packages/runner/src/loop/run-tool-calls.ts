import type { MimoClient } from '@mimo-agents/core';
import {
  type ExecuteToolOptions,
  executeTool,
  resolveToolLimits,
  type ToolLimits,
  type ToolOutcome,
  type ToolRegistry,
} from '@mimo-agents/tools';
import { holdCall, notCounted } from '../agents/sub-run-approvals.js';
import { type ToolCallScope, toolCallScope } from '../agents/tool-call-scope.js';
import type { RunCost } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { Instrumentation } from '../instrumentation/instrumentation.js';
import type { ToolCallRecord } from '../run-result.js';
import type { RunUsage } from '../usage.js';

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

/** The calls' shared state: a signal the batch can abort on its own, and the first `onRecorded` failure. */
interface Batch {
  signal: AbortSignal;
  failure: { error: unknown } | undefined;
}

/**
 * Runs one turn's calls with a concurrency cap. Every fault (unknown tool, bad arguments, throw,
 * timeout, abort) becomes an outcome the model can read; this function itself never throws for them.
 * It rejects only when `onRecorded` fails, after cancelling and awaiting the other calls.
 */
export function runToolCalls(options: RunToolCallsOptions): Promise<void> {
  const { calls, concurrency } = options;
  const todo = calls.filter((call) => call.outcome === undefined);
  // Run-internal: follows the run's signal, and is aborted alone when a save fails.
  const controller = new AbortController();
  const follow = (): void => controller.abort(options.signal.reason);
  if (options.signal.aborted) follow();
  else options.signal.addEventListener('abort', follow, { once: true });
  const batch: Batch = { signal: controller.signal, failure: undefined };
  let next = 0;
  const failed = (error: unknown): void => {
    if (batch.failure === undefined) {
      batch.failure = { error };
      controller.abort(error);
    }
  };
  // A worker is a promise chain, not an async function: one suspended frame per call (runOne's), not two.
  const worker = (): Promise<void> => {
    if (next >= todo.length || batch.failure !== undefined) return Promise.resolve();
    const call = todo[next] as ToolCallRecord;
    next += 1;
    return runOne(call, options, batch).catch(failed).then(worker);
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, todo.length)) }, worker);
  // Not an async function either (a waiting run holds one frame less); the workers never reject.
  return Promise.all(workers).then(() => {
    options.signal.removeEventListener('abort', follow);
    if (batch.failure !== undefined) throw batch.failure.error;
  });
}

async function runOne(call: ToolCallRecord, options: RunToolCallsOptions, batch: Batch): Promise<void> {
  const { turn, emit } = options;
  const { signal } = batch;
  const { callId, name } = call;
  let outcome: ToolOutcome;
  let limits: ReturnType<typeof resolveToolLimits> | undefined;
  let scope: ToolCallScope | undefined;
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
    const attempt = (call.attempts ?? 0) + 1;
    call.attempts = attempt;
    // Saved before the tool starts, so a run resumed after a crash knows this call may have begun.
    await options.onRecorded?.(call);
    if (batch.failure !== undefined) return;
    emit({ type: 'tool.called', turn, callId, name, arguments: call.arguments });
    const tool = options.registry.get(name);
    limits = resolveToolLimits(tool, options.toolLimits?.agent, options.toolLimits?.run);
    scope = options.scopeFor?.(call);
    const execution: ExecuteToolOptions = {
      tool,
      call: { callId, name, arguments: call.arguments },
      signal,
      ...limits,
      onProgress: (update) => emit({ type: 'tool.progress', turn, callId, name, ...update }),
      idempotencyKey: `${options.runId}:${callId}`,
      attempt,
      context: options.context,
    };
    // The names are listed to the model only when it called a tool that does not exist.
    if (tool === undefined) execution.availableTools = options.registry.names();
    const { instrumentation, client } = options;
    const execute =
      instrumentation === undefined || client === undefined
        ? executeTool
        : (run: ExecuteToolOptions): Promise<ToolOutcome> =>
            instrumentation.tool(
              {
                runId: options.runId,
                turn,
                callId,
                name,
                arguments: call.arguments,
                attempt,
                client,
              },
              () => executeTool(run),
            );
    outcome =
      scope === undefined ? await execute(execution) : await toolCallScope.run(scope, execute, execution);
    // A sub-agent run still ending after an abort or timeout: its usage belongs to this outcome.
    await scope?.settled;
    // A sub-agent limit was reached: the whole run fails with it (the batch cancels the other calls).
    if (scope?.fatal !== undefined) throw scope.fatal.error;
    // A tool that ends because the run was cancelled gets the standard cancelled output.
    if (outcome.type === 'error' && outcome.kind === 'aborted')
      outcome = { ...outcome, output: CANCELLED_OUTPUT };
  }
  // A save failed meanwhile: this outcome will never be saved, so it is neither recorded nor announced.
  if (batch.failure !== undefined) return;
  // An agentTool whose sub-run stopped for approvals: no outcome, the call waits (the run interrupts).
  if (holdCall(call, scope, options.rollUp)) return;
  if (scope?.usage !== undefined) {
    const rest = notCounted(call, scope.usage, scope.cost);
    options.rollUp?.(rest.usage, rest.cost);
  }
  record(call, outcome);
  // Saved before it is announced: whoever sees `tool.completed` can rely on a resume not redoing it.
  await options.onRecorded?.(call);
  // The outcome is durable: a sub-agent run's own checkpoint is no longer needed.
  await scope?.afterSaved?.();
  if (outcome.originalChars !== undefined)
    emit({
      type: 'tool.output.truncated',
      turn,
      callId,
      name,
      originalChars: outcome.originalChars,
      maxOutputChars: limits?.maxOutputChars ?? outcome.output.length,
    });
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
