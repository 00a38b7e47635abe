import type { AgentHandoffEvent } from '../events.js';
import type { LoopRun } from '../loop/loop-run.js';
import { findHandoff } from './handoff.js';
import { useAgent } from './use-agent.js';

/**
 * After a tool turn's calls ran: if one of them (the first in call order) was a transfer tool of the
 * current agent and succeeded, the run continues with its target (instructions, tools, model), on the
 * same history and state. Returns the `agent.handoff` event to emit, or undefined.
 */
export function switchAgentAfterHandoff(run: LoopRun): AgentHandoffEvent | undefined {
  const pending = run.state.pending;
  if (pending === undefined) return undefined;
  const from = run.options.agent;
  for (const call of pending.calls) {
    if (call.outcome !== 'ok') continue;
    const target = findHandoff(from, call.name);
    if (target === undefined) continue;
    useAgent(run.options, target.agent, target.inputFilter);
    run.state.agent = { name: target.agent.name, model: target.agent.model };
    // A target with its own `output` answers in it (a run that had none starts keeping its object).
    if (run.options.output !== undefined) run.state.output ??= { repairs: 0 };
    const handoff = { turn: pending.turn, callId: call.callId, from: from.name, to: target.agent.name };
    run.state.handoffs = [...(run.state.handoffs ?? []), handoff];
    return {
      type: 'agent.handoff',
      turn: pending.turn,
      callId: call.callId,
      from: from.name,
      to: target.agent.name,
    };
  }
  return undefined;
}
