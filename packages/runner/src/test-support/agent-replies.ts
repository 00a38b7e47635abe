import type { ItemSpec, ReplySpec, TestServer } from '@mimo-agents/testing';

/** A scripted turn: a text answer, or function calls (arguments as objects). */
export type ScriptedTurn =
  | { text: string }
  | { calls: { name: string; arguments: Record<string, unknown>; callId: string }[] };

/**
 * Scripts the server per agent: each request is answered with the next turn queued for its
 * `instructions` (one queue per agent; its first line for an agent with `output`), so sub-runs running in parallel get their own replies in order.
 * Returns the `instructions` of every request in arrival order.
 */
export function scriptByInstructions(
  server: TestServer,
  turns: Record<string, ScriptedTurn[]>,
): { seen: string[] } {
  const queues = new Map(Object.entries(turns).map(([key, list]) => [key, [...list]]));
  const total = [...queues.values()].reduce((n, list) => n + list.length, 0);
  const seen: string[] = [];
  for (let i = 0; i < total; i += 1)
    server.reply.with((request): ReplySpec => {
      const instructions = request.instructions ?? '';
      // An agent with `output` gets its schema appended to its instructions: match on the first line.
      const key = queues.has(instructions) ? instructions : (instructions.split('\n')[0] ?? '');
      seen.push(key);
      const next = queues.get(key)?.shift();
      if (next === undefined)
        return { type: 'error', status: 500, body: { error: { message: `no turn for ${key}` } } };
      const items: ItemSpec[] =
        'text' in next
          ? [{ type: 'message', text: next.text }]
          : next.calls.map((call) => ({
              type: 'function_call',
              name: call.name,
              arguments: JSON.stringify(call.arguments),
              callId: call.callId,
            }));
      return { type: 'output', items };
    });
  return { seen };
}
