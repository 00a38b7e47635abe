import type { ItemSpec, ReplySpec, TestServer, WireRequest } from '@mimo-agents/testing';

/** The first turn of one scripted agent: the calls it makes before it answers. */
export type TeamPlan = Record<string, { name: string; arguments: Record<string, unknown>; callId: string }[]>;

/** The tool outputs a request carries, in history order. */
export function outputsIn(request: WireRequest): string[] {
  const input = Array.isArray(request.input) ? request.input : [];
  return input.filter((item) => item.type === 'function_call_output').map((item) => String(item.output));
}

/**
 * Test-only: a scripted model that is a pure function of each request, so it answers the same after a
 * resume or in another process. An agent (told apart by its `instructions`) whose history has no tool
 * output makes the calls `plan` gives it; once it has outputs it answers `<instructions>: <outputs joined by ' | '>`.
 */
export function teamReply(plan: TeamPlan): (request: WireRequest) => ReplySpec {
  return (request) => {
    const who = request.instructions ?? '';
    const outputs = outputsIn(request);
    const calls = plan[who] ?? [];
    if (outputs.length === 0 && calls.length > 0) {
      const items: ItemSpec[] = calls.map((call) => ({
        type: 'function_call',
        name: call.name,
        arguments: JSON.stringify(call.arguments),
        callId: call.callId,
      }));
      return { type: 'output', items };
    }
    return { type: 'output', items: [{ type: 'message', text: `${who}: ${outputs.join(' | ')}` }] };
  };
}

/** Queues `count` replies of `teamReply(plan)` on the server. */
export function scriptTeam(server: TestServer, plan: TeamPlan, count = 20): void {
  const reply = teamReply(plan);
  for (let i = 0; i < count; i += 1) server.reply.with(reply);
}
