import type { RunStateHandoff, ToolCallRecord, TurnRecord } from '@mimo-agents/runner';
import type { RunTree } from '../source/load-run-tree.js';
import { callsOf, subAgentOf } from '../source/waiting-approvals.js';

/** A run as the timeline draws it: its turns, its handoffs, and the sub-runs of its calls (by call id). */
export interface TimelineRun {
  runId?: string;
  /** The agent that answered first (before any handoff). */
  agent?: string;
  turns: readonly TurnRecord[];
  handoffs?: readonly RunStateHandoff[];
  subRuns?: ReadonlyMap<string, TimelineRun>;
  /**
   * The calls known to be agentTool calls, by call id, with the sub-agent's name ('?' when unknown): those
   * whose sub-run is in the store, and, when its checkpoint is gone, those that recorded a pause for
   * approvals (`ToolCallRecord.subRun`) and the other calls of the same tool by the same agent.
   */
  agentTools?: ReadonlyMap<string, string>;
}

/** One bar of the timeline, in milliseconds from the run's start. */
export interface TimelineBar {
  lane: number;
  startMs: number;
  durationMs: number;
  label: string;
  kind: 'turn' | 'retried-turn' | 'tool-ok' | 'tool-error' | 'tool-pending' | 'handoff';
  /** Sub-run nesting: 0 for the run itself, 1 for its sub-runs, … */
  depth: number;
  /** The run the bar belongs to (set for sub-runs). */
  runId?: string;
  /** Set on a call known to be an agentTool call (see `TimelineRun.agentTools`). */
  agentTool?: true;
}

/** One row of the timeline: the model lane of a run, or one call lane. */
export interface TimelineLane {
  label: string;
  depth: number;
  /** Set on the model lane of a sub-run: the page to link to. */
  runId?: string;
}

/** The whole layout: lanes top to bottom, bars in drawing order. */
export interface TimelineLayout {
  lanes: TimelineLane[];
  bars: TimelineBar[];
}

/** The agent that ran each turn: the first agent, then each handoff's target after its turn. */
export function agentOfTurn(run: TimelineRun, turn: number): string | undefined {
  let agent = run.handoffs?.[0]?.from ?? run.agent;
  for (const handoff of run.handoffs ?? []) if (turn > handoff.turn) agent = handoff.to;
  return agent;
}

/** The timeline input of a run read with its sub-runs. */
export function timelineRunOf(tree: RunTree): TimelineRun {
  const { detail } = tree;
  if (!detail.ok) return { runId: detail.summary.runId, agent: detail.summary.agent, turns: [] };
  const { state } = detail;
  const subRuns = new Map<string, TimelineRun>();
  for (const [callId, sub] of tree.subRuns) subRuns.set(callId, timelineRunOf(sub));
  const handoffs = state.handoffs ?? [];
  const run: TimelineRun = {
    runId: state.runId,
    agent: handoffs[0]?.from ?? state.agent?.name,
    turns: state.turns ?? [],
    handoffs,
    subRuns,
  };
  return { ...run, agentTools: agentToolCalls(run, callsOf(state)) };
}

/** The agentTool calls of a run, with their sub-agents (see `TimelineRun.agentTools`). */
function agentToolCalls(run: TimelineRun, calls: readonly ToolCallRecord[]): Map<string, string> {
  const found = new Map<string, string>();
  const byTool = new Map<string, string>();
  const turnOf = new Map<string, number>();
  for (const turn of run.turns) for (const call of turn.toolCalls ?? []) turnOf.set(call.callId, turn.turn);
  // A tool is known by its name within the agent that called it (a handoff target may reuse a name).
  const toolKey = (call: ToolCallRecord) =>
    `${agentOfTurn(run, turnOf.get(call.callId) ?? 0)}\u0000${call.name}`;
  for (const call of calls) {
    const sub = run.subRuns?.get(call.callId);
    const agent =
      sub !== undefined
        ? (sub.agent ?? '?')
        : call.subRun !== undefined
          ? (subAgentOf(call) ?? '?')
          : undefined;
    if (agent === undefined) continue;
    found.set(call.callId, agent);
    if (!byTool.has(toolKey(call)) || byTool.get(toolKey(call)) === '?') byTool.set(toolKey(call), agent);
  }
  for (const call of calls) {
    const agent = byTool.get(toolKey(call));
    if (agent !== undefined && !found.has(call.callId)) found.set(call.callId, agent);
  }
  return found;
}

interface Row {
  lane: TimelineLane;
}

/**
 * Lays a run on a time axis: each turn's model time, then its calls side by side (they ran concurrently,
 * one lane each), then the next turn after the longest call. A call that ran a sub-run (agentTool) gets
 * that run's lanes right below its own, starting when the call started, recursively. A handoff is a
 * marker on the model lane where the next agent takes over. Checkpoints hold durations, not start
 * times, so the axis is reconstructed from them.
 */
export function timelineLayout(input: TimelineRun | readonly TurnRecord[]): TimelineLayout {
  const root: TimelineRun = Array.isArray(input)
    ? { turns: input as readonly TurnRecord[] }
    : (input as TimelineRun);
  const placed: { row: Row; bar: Omit<TimelineBar, 'lane'> }[] = [];
  const layoutRun = (run: TimelineRun, startMs: number, depth: number, guard: number): Row[] => {
    const label = depth === 0 ? 'model' : `↳ ${run.agent ?? '?'}`;
    const model: Row = { lane: { label, depth, ...(depth > 0 && run.runId ? { runId: run.runId } : {}) } };
    const callRows: Row[] = [];
    const below: Row[][] = [];
    const where = depth > 0 && run.runId !== undefined ? { runId: run.runId } : {};
    const switched = (run.handoffs?.length ?? 0) > 0;
    let at = startMs;
    for (const turn of run.turns) {
      const retries = (turn.retries ?? 0) + (turn.requestRetries ?? 0);
      const agent = switched ? agentOfTurn(run, turn.turn) : undefined;
      placed.push({
        row: model,
        bar: {
          startMs: at,
          durationMs: turn.durationMs ?? 0,
          label: `turn ${turn.turn}${agent === undefined ? '' : ` · ${agent}`}${retries > 0 ? ` (retried ×${retries})` : ''}`,
          kind: retries > 0 ? 'retried-turn' : 'turn',
          depth,
          ...where,
        },
      });
      at += turn.durationMs ?? 0;
      let longest = 0;
      (turn.toolCalls ?? []).forEach((call, i) => {
        const duration = call.durationMs ?? 0;
        longest = Math.max(longest, duration);
        const kind =
          call.outcome === 'ok' ? 'tool-ok' : call.outcome === 'error' ? 'tool-error' : 'tool-pending';
        callRows[i] ??= { lane: { label: `call ${i + 1}`, depth } };
        below[i] ??= [];
        const sub = run.subRuns?.get(call.callId);
        const subAgent = sub?.agent ?? run.agentTools?.get(call.callId);
        const name =
          sub === undefined && subAgent === undefined ? call.name : `${call.name} → ${subAgent ?? '?'}`;
        const mark = sub !== undefined || subAgent !== undefined ? { agentTool: true as const } : {};
        placed.push({
          row: callRows[i] as Row,
          bar: { startMs: at, durationMs: duration, label: name, kind, depth, ...where, ...mark },
        });
        if (sub !== undefined && guard > 0) below[i]?.push(...layoutRun(sub, at, depth + 1, guard - 1));
      });
      at += longest;
      for (const handoff of run.handoffs ?? []) {
        if (handoff.turn !== turn.turn) continue;
        placed.push({
          row: model,
          bar: { startMs: at, durationMs: 0, label: `→ ${handoff.to}`, kind: 'handoff', depth, ...where },
        });
      }
    }
    return [model, ...callRows.flatMap((row, i) => [row, ...(below[i] ?? [])])];
  };
  const rows = layoutRun(root, 0, 0, 8);
  const laneOf = new Map(rows.map((row, i) => [row, i]));
  return {
    lanes: rows.map((row) => row.lane),
    bars: placed.map(({ row, bar }) => ({ lane: laneOf.get(row) ?? 0, ...bar })),
  };
}

/** The bars of `timelineLayout`, for a run's turns alone or a run with its sub-runs. */
export function timelineBars(input: TimelineRun | readonly TurnRecord[]): TimelineBar[] {
  return timelineLayout(input).bars;
}
