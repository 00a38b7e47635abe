import { rollUpUsage, scopeForCall } from '../agents/scope-for-call.js';
import type { ToolCallScope } from '../agents/tool-call-scope.js';
import type { RunCost } from '../cost.js';
import type { ToolCallRecord } from '../run-result.js';
import type { RunUsage } from '../usage.js';
import { type LoopRun, saveStep } from './loop-run.js';
import type { ToolCallHooks } from './run-tool-calls.js';

/**
 * What `runPendingCalls` gives `runToolCalls` for a run's pending turn: one object with three methods
 * (not three closures kept by every waiting run): the saves around each call, its scope, and the
 * roll-up of its sub-runs' usage into the turn.
 */
export class PendingCallHooks implements ToolCallHooks {
  readonly #run: LoopRun;
  readonly #turn: number;

  constructor(run: LoopRun, turn: number) {
    this.#run = run;
    this.#turn = turn;
  }

  onRecorded(call: ToolCallRecord): Promise<void> {
    return saveStep(this.#run, call.outcome === undefined ? 'tool.started' : 'tool.completed', call.callId);
  }

  scopeFor(call: ToolCallRecord): ToolCallScope {
    return scopeForCall(this.#run, call.callId);
  }

  rollUp(usage: RunUsage, cost?: RunCost): void {
    rollUpUsage(this.#run, this.#turn, usage, cost);
  }
}
