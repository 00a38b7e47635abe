/** SSE text of one event, as an OpenAI-shaped server writes it (a space after the colon). */
export function sse(event: Record<string, unknown>): string {
  return `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A response object with `status` and `output` (and usage when completed). */
export function wireResponse(id: string, status: string, output: unknown[] = []): Record<string, unknown> {
  const response: Record<string, unknown> = {
    id,
    object: 'response',
    created_at: 1,
    status,
    error: null,
    incomplete_details: null,
    model: 'mimo-v2.6-pro',
    output,
  };
  if (status !== 'in_progress') response.usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15 };
  return response;
}

/** A completed function call item. */
export function callItem(id: string, callId: string, name: string, args: string): Record<string, unknown> {
  return { type: 'function_call', id, status: 'completed', call_id: callId, name, arguments: args };
}

/** A completed assistant message item. */
export function messageItem(id: string, text: string): Record<string, unknown> {
  return {
    type: 'message',
    id,
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

/** Frames of a whole turn: `response.created`, the given middle events, then `response.completed` with `output`. */
export function turnFrames(id: string, middle: Record<string, unknown>[], output: unknown[]): string[] {
  const events = [
    { type: 'response.created', response: wireResponse(id, 'in_progress') },
    ...middle,
    { type: 'response.completed', response: wireResponse(id, 'completed', output) },
  ];
  return events.map((event, index) => sse({ ...event, sequence_number: index }));
}
