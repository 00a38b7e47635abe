import type { TestServer } from '../server/test-server.js';
import type { WireStreamEvent } from '../wire/stream-event.js';

/** A raw SSE frame: its `event:` name and parsed `data:` JSON. */
export interface SseFrame {
  event: string;
  data: unknown;
}

/** Parses an SSE body written as `event:<type>` / `data:<json>` frames. */
export function parseSse(body: string): SseFrame[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event:'))?.slice('event:'.length) ?? '';
      const data = lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

/** POSTs a body to the server's `/responses` with its key (test helper). */
export function postResponses(
  server: TestServer,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${server.apiKey}` },
): Promise<Response> {
  return fetch(`${server.url}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POSTs a streaming request and returns its parsed events. */
export async function streamEvents(
  server: TestServer,
  body: Record<string, unknown>,
): Promise<WireStreamEvent[]> {
  const res = await postResponses(server, { ...body, stream: true });
  return parseSse(await res.text()).map((frame) => frame.data as WireStreamEvent);
}
