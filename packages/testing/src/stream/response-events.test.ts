import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/test-server.js';
import { streamEvents } from '../test-support/post-responses.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const base = { model: 'mimo-v2.6-pro', input: 'Hi' };
const big = 'x'.repeat(1_200_000);

/** The text the deltas of one event type add up to. */
function joined(events: readonly { type: string }[], type: string): string {
  return events
    .filter((event) => event.type === type)
    .map((event) => (event as unknown as { delta: string }).delta)
    .join('');
}

// A ≥1M-character text is ~150,000 delta events at the default 8 characters each: more than
// `push(...events)` can pass as arguments ("Maximum call stack size exceeded", answered as a 500).
describe('a 1.2M-character item streams whole', () => {
  it('as message text', async () => {
    server.reply.text(big);
    const events = await streamEvents(server, base);
    expect(server.calls.map((call) => call.status)).toEqual([200]);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(joined(events, 'response.output_text.delta')).toBe(big);
  });

  it('as the arguments of parallel calls, interleaved', async () => {
    server.reply.functionCalls(
      [
        { name: 'a', arguments: { blob: big } },
        { name: 'b', arguments: { blob: 'small' } },
      ],
      { streaming: { interleaveCalls: true } },
    );
    const events = await streamEvents(server, base);
    expect(server.calls.map((call) => call.status)).toEqual([200]);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(joined(events, 'response.function_call_arguments.delta')).toHaveLength(
      JSON.stringify({ blob: big }).length + JSON.stringify({ blob: 'small' }).length,
    );
  });
});
