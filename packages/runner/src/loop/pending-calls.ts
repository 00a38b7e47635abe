import type { MimoClient } from '@mimo-agents/core';
import type { ToolLimits, ToolRegistry } from '@mimo-agents/tools';
import { rollUpUsage, scopeForCall } from '../agents/scope-for-call.js';
import type { ToolCallScope } from '../agents/tool-call-scope.js';
import { isWaiting } from '../approvals/request-approvals.js';
import type { RunCost } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { Instrumentation } from '../instrumentation/instrumentation.js';
import type { ToolCallRecord } from '../run-result.js';
import type { RunUsage } from '../usage.js';
import { type LoopRun, saveStep } from './loop-run.js';
import type { RunToolCallsOptions } from './run-tool-calls.js';

/**
 * The `runToolCalls` options for a run's pending turn, read from the run (one object of four fields, not
 * a copy of the run's options and three closures kept by every waiting run): the saves around each
 * call, its scope, and the roll-up of its sub-runs' usage into the turn are methods.
 */
export class PendingCalls implements RunToolCallsOptions {
  readonly calls: ToolCallRecord[];
  readonly turn: number;
  readonly concurrency: number;
  readonly #run: LoopRun;

  constructor(run: LoopRun, turn: number, calls: ToolCallRecord[], concurrency: number) {
    this.#run = run;
    this.turn = turn;
    this.calls = calls;
    this.concurrency = concurrency;
  }

  get runId(): string {
    return this.#run.state.runId;
  }

  get registry(): ToolRegistry {
    return this.#run.options.registry;
  }

  get signal(): AbortSignal {
    return this.#run.options.signal;
  }

  get context(): unknown {
    return this.#run.options.context;
  }

  get toolLimits(): { agent: ToolLimits | undefined; run: ToolLimits | undefined } {
    return this.#run.options.toolLimits;
  }

  get emit(): (event: RunEvent) => void {
    return this.#run.options.emit;
  }

  get instrumentation(): Instrumentation | undefined {
    return this.#run.options.instrumentation;
  }

  get client(): MimoClient {
    return this.#run.options.client;
  }

  /** Calls waiting for an approval (or for a sub-run's) are not run now. */
  skip(call: ToolCallRecord): boolean {
    return isWaiting(call);
  }

  onRecorded(call: ToolCallRecord): Promise<void> {
    return saveStep(this.#run, call.outcome === undefined ? 'tool.started' : 'tool.completed', call.callId);
  }

  scopeFor(call: ToolCallRecord): ToolCallScope {
    return scopeForCall(this.#run, call.callId);
  }

  rollUp(usage: RunUsage, cost?: RunCost): void {
    rollUpUsage(this.#run, this.turn, usage, cost);
  }
}
