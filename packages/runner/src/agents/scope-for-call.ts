import type { LoopRun } from '../loop/loop-run.js';
import { addUsage, type RunUsage } from '../usage.js';
import type { ToolCallScope } from './tool-call-scope.js';

/** The scope a tool call of `run` executes in: what an `agentTool` needs of its parent run. */
export function scopeForCall(run: LoopRun, callId: string): ToolCallScope {
  const { state, options } = run;
  return {
    path: [...options.agentPath, options.agent.name],
    tree: options.agentTree,
    runId: state.runId,
    callId,
    settings: {
      client: options.client,
      maxTurns: options.maxTurns,
      maxToolConcurrency: options.maxToolConcurrency,
      toolLimits: options.toolLimits.run,
      prices: options.prices,
      checkpoint: options.checkpoint,
      instrumentation: options.instrumentation,
    },
    emit: options.emit,
    usage: undefined,
    settled: undefined,
    fatal: undefined,
  };
}

/** Adds a sub-run's usage to turn `turn` and to the run's totals (so it counts against budgets too). */
export function rollUpUsage(run: LoopRun, turn: number, usage: RunUsage): void {
  const { state } = run;
  state.usage = addUsage(state.usage, usage);
  const record = state.turns.find((t) => t.turn === turn);
  if (record !== undefined) record.usage = addUsage(record.usage, usage);
}
