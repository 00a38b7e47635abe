import type { RunCost, RunState, RunUsage } from '@mimo-agents/runner';

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
  /** Estimated start: the last save minus the recorded model and tool time (ISO 8601). */
  startedAt: string;
  /** ISO 8601 time of the last save. */
  savedAt: string;
  /** Sort key: milliseconds of `savedAt`. */
  savedAtMs: number;
  /** For a damaged checkpoint: its typed error (code and message). */
  error?: { code: string; message: string };
}

/** The wall time a run's turns and tools took, as recorded (tools of one turn overlap: the longest counts). */
export function recordedDurationMs(state: RunState): number {
  let total = 0;
  for (const turn of state.turns) {
    total += turn.durationMs;
    total += Math.max(0, ...turn.toolCalls.map((call) => call.durationMs ?? 0));
  }
  return total;
}

/** Sums the per-turn costs of a run (undefined when no turn has one). */
export function totalCost(state: RunState): RunCost | undefined {
  let sum: RunCost | undefined;
  for (const turn of state.turns) {
    if (turn.cost === undefined) continue;
    sum ??= { input: 0, cachedInput: 0, output: 0, total: 0 };
    sum.input += turn.cost.input;
    sum.cachedInput += turn.cost.cachedInput;
    sum.output += turn.cost.output;
    sum.total += turn.cost.total;
  }
  return sum;
}

/** The list row of a decoded checkpoint. */
export function summarizeRun(state: RunState, savedAt: string, location: string): RunSummary {
  const savedAtMs = Date.parse(savedAt);
  const summary: RunSummary = {
    runId: state.runId,
    location,
    agent: state.agent?.name ?? '?',
    model: state.agent?.model ?? '?',
    status: state.status,
    turns: state.turns?.length ?? 0,
    usage: state.usage,
    startedAt: new Date(savedAtMs - recordedDurationMs(state)).toISOString(),
    savedAt,
    savedAtMs,
  };
  const cost = totalCost(state);
  if (cost !== undefined) summary.cost = cost;
  return summary;
}
