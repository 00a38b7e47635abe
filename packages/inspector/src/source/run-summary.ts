import {
  checkRunStateShape,
  emptyUsage,
  type RunCost,
  type RunState,
  type RunUsage,
} from '@mimo-agents/runner';
import { waitingApprovals } from './waiting-approvals.js';

/** One row of the runs list: what the inspector keeps in memory per checkpoint. */
export interface RunSummary {
  runId: string;
  /** Where the checkpoint lives (file path or Redis key). */
  location: string;
  agent: string;
  model: string;
  /** The run state's status, or `damaged` when the checkpoint could not be read. */
  status: RunState['status'] | 'damaged';
  turns: number;
  usage: RunUsage;
  cost?: RunCost;
  /**
   * When the run started (ISO 8601): the state's recorded `startedAt`, or, for a checkpoint written
   * before it was recorded, the last save minus the recorded model and tool time (`startedEstimated`).
   */
  startedAt: string;
  /** True when `startedAt` is the estimate (an old checkpoint without a recorded start). */
  startedEstimated: boolean;
  /** ISO 8601 time of the last save. */
  savedAt: string;
  /** Sort key: milliseconds of `savedAt`. */
  savedAtMs: number;
  /**
   * For an `interrupted` run: how many calls wait for a decision, its own and its sub-runs' (`nested`,
   * read from its agentTool calls' `subRun` records). Absent when none wait.
   */
  awaiting?: { total: number; nested: number };
  /** For a damaged checkpoint: its typed error (code and message). */
  error?: { code: string; message: string };
}

/** The wall time a run's turns and tools took, as recorded (tools of one turn overlap: the longest counts). */
export function recordedDurationMs(state: RunState): number {
  let total = 0;
  for (const turn of Array.isArray(state.turns) ? state.turns : []) {
    total += turn.durationMs ?? 0;
    total += Math.max(0, ...(turn.toolCalls ?? []).map((call) => call.durationMs ?? 0));
  }
  return total;
}

/** Sums the per-turn costs of a run (undefined when no turn has one). */
export function totalCost(state: RunState): RunCost | undefined {
  let sum: RunCost | undefined;
  for (const turn of Array.isArray(state.turns) ? state.turns : []) {
    if (turn.cost === undefined) continue;
    sum ??= { input: 0, cachedInput: 0, output: 0, total: 0 };
    sum.input += turn.cost.input;
    sum.cachedInput += turn.cost.cachedInput;
    sum.output += turn.cost.output;
    sum.total += turn.cost.total;
  }
  return sum;
}

/**
 * The list row of a decoded checkpoint. Throws the runner's `ResumeMismatchError` (naming the path)
 * when the state's fields have the wrong types: a checkpoint with a valid checksum can still have been
 * written by other code, and nothing of it reaches a page unchecked (the sources show it as damaged).
 */
export function summarizeRun(state: RunState, savedAt: string, location: string, runId?: string): RunSummary {
  checkRunStateShape(state as unknown as Record<string, unknown>, runId ?? String(state.runId));
  const savedAtMs = Date.parse(savedAt);
  const summary: RunSummary = {
    runId: runId ?? state.runId,
    location,
    agent: state.agent?.name ?? '?',
    model: state.agent?.model ?? '?',
    status: typeof state.status === 'string' ? state.status : 'damaged',
    turns: Array.isArray(state.turns) ? state.turns.length : 0,
    usage: { ...emptyUsage(), ...state.usage },
    ...startOf(state, savedAtMs),
    savedAt,
    savedAtMs,
  };
  const cost = totalCost(state);
  if (cost !== undefined) summary.cost = cost;
  const waiting = waitingApprovals(state);
  if (waiting.length > 0)
    summary.awaiting = { total: waiting.length, nested: waiting.filter((w) => w.agentPath).length };
  return summary;
}

/** The recorded start of a run, or the estimate from its last save for checkpoints without one. */
export function startOf(
  state: RunState,
  savedAtMs: number,
): { startedAt: string; startedEstimated: boolean } {
  const recorded = typeof state.startedAt === 'string' ? Date.parse(state.startedAt) : Number.NaN;
  if (Number.isFinite(recorded))
    return { startedAt: new Date(recorded).toISOString(), startedEstimated: false };
  const estimate = savedAtMs - recordedDurationMs(state);
  return {
    startedAt: new Date(Number.isFinite(estimate) ? estimate : Date.now()).toISOString(),
    startedEstimated: true,
  };
}
