import type { RunState, ToolCallRecord } from '@mimo-agents/runner';

/** One call an interrupted run waits for: its own, or one of a sub-run of its agentTool calls (at any depth). */
export interface WaitingApproval {
  approvalId: string;
  toolName: string;
  /** The run whose call waits: this run, or a sub-run (`<runId>/<callId>`, deeper ones add a level each). */
  runId: string;
  callId: string;
  /** For a sub-run's call: the agents from the top run's agent down to the one whose call waits. */
  agentPath?: string[];
  /** The call's arguments as the model sent them (JSON text). */
  arguments: string;
  /** For a sub-run's call: the call of this run (an agentTool) that waits on it. */
  viaCallId?: string;
}

const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);

/**
 * Every call record of a state, the pending turn's first, once per call id (after a JSON round trip the
 * turn record holds copies of the pending calls; the pending ones are those the loop runs).
 */
export function callsOf(state: RunState): ToolCallRecord[] {
  const seen = new Set<string>();
  const calls = [
    ...list(state.pending?.calls),
    ...list(state.turns).flatMap((turn) => list(turn?.toolCalls)),
  ];
  return calls.filter((call) => {
    if (typeof call?.callId !== 'string' || seen.has(call.callId)) return false;
    seen.add(call.callId);
    return true;
  });
}

/**
 * What an `interrupted` run waits for, read from its own state: its calls recorded with an approval and
 * no decision, then, for each agentTool call waiting on its sub-run (`ToolCallRecord.subRun`), the
 * sub-run's requests (they already include the sub-run's own sub-runs', each tagged with its agent
 * path) not answered yet. Empty for a run in any other status.
 */
export function waitingApprovals(state: RunState): WaitingApproval[] {
  if (state.status !== 'interrupted') return [];
  // Saved checkpoints keep a call's arguments once, in the history's function_call (runner's compaction).
  const argumentsById = new Map<string, string>();
  for (const item of list(state.history)) {
    if (typeof item === 'object' && item !== null && 'type' in item && item.type === 'function_call')
      argumentsById.set(item.call_id, item.arguments);
  }
  const calls = callsOf(state);
  const own: WaitingApproval[] = calls
    .filter((call) => call.approval !== undefined && call.approval.decision === undefined)
    .map((call) => ({
      approvalId: String(call.approval?.id ?? ''),
      toolName: String(call.name),
      runId: state.runId,
      callId: call.callId,
      arguments: call.arguments ?? argumentsById.get(call.callId) ?? '',
    }));
  const nested = calls.flatMap((call) => {
    const held = call.subRun;
    if (call.outcome !== undefined || held === undefined) return [];
    const answered = new Set(list(held.answer?.decisions).map((d) => d.approvalId));
    return list(held.interruptions)
      .filter((request) => !answered.has(request.approvalId))
      .map(
        (request): WaitingApproval => ({
          approvalId: String(request.approvalId),
          toolName: String(request.toolName),
          runId: String(request.runId),
          callId: String(request.callId),
          ...(Array.isArray(request.agentPath) ? { agentPath: request.agentPath.map(String) } : {}),
          arguments:
            typeof request.arguments === 'string' ? request.arguments : JSON.stringify(request.arguments),
          viaCallId: call.callId,
        }),
      );
  });
  return [...own, ...nested];
}

/**
 * The agent that ran the sub-run of an agentTool call that paused for approvals (`call.subRun`), read from
 * its requests' agent paths (each request names its run; a deeper one sits that many levels further down).
 */
export function subAgentOf(call: ToolCallRecord): string | undefined {
  const held = call.subRun;
  if (held === undefined) return undefined;
  for (const request of list(held.interruptions)) {
    if (!Array.isArray(request.agentPath) || typeof request.runId !== 'string') continue;
    if (request.runId !== held.runId && !request.runId.startsWith(`${held.runId}/`)) continue;
    const levels = request.runId.slice(held.runId.length).split('/').length - 1;
    const agent = request.agentPath[request.agentPath.length - 1 - levels];
    if (typeof agent === 'string') return agent;
  }
  return undefined;
}
