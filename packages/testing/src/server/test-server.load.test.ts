import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.js';

// The settings a load test (benchmark 4: 10,000 runs on one client) needs from the server.
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** POSTs a streamed request with fetch and stops reading at the terminal event, as our client does. */
async function streamUntilTerminal(target: TestServer): Promise<Response> {
  const res = await fetch(`${target.url}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.apiKey}` },
    body: JSON.stringify({ model: 'mimo-v2.6-pro', input: 'Hi', stream: true }),
  });
  const reader = res.body?.getReader();
  if (reader === undefined) throw new Error('no body');
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('event:response.completed')) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`the stream ended before its terminal event: ${text}`);
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  // fetch hands a finished connection back to its pool on a later turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  return res;
}

describe('test server under load', () => {
  it('ends the body with the terminal frame, so a client that stops there keeps its connection', async () => {
    server = await startTestServer();
    for (const word of ['one', 'two', 'three']) server.reply.text(word, { streaming: { deltaSize: 2 } });
    for (let i = 0; i < 3; i++) await streamUntilTerminal(server);
    expect(server.calls.map((call) => call.clientAborted)).toEqual([false, false, false]);
    expect(server.connections).toBe(1);
  });

  it('still writes the end separately when a fault comes after the last frame (held open)', async () => {
    server = await startTestServer();
    server.reply.text('held', { fault: { type: 'hold-open-after-terminal' } }).text('next');
    await streamUntilTerminal(server);
    await streamUntilTerminal(server);
    // The held body was never ended: the client closed it; the next one ended with its last frame.
    expect((await server.callSettled(0)).clientAborted).toBe(true);
    expect((await server.callSettled(1)).clientAborted).toBe(false);
  });

  it('announces its keep-alive timeout (keepAliveTimeoutMs)', async () => {
    server = await startTestServer({ keepAliveTimeoutMs: 60_000 });
    server.reply.text('ok');
    const res = await streamUntilTerminal(server);
    expect(res.headers.get('keep-alive')).toBe('timeout=60');
  });

  it('keeps no calls with recordCalls: false, and says so when asked to wait for one', async () => {
    server = await startTestServer({ recordCalls: false, backlog: 2048 });
    server.reply.text('a').text('b');
    await streamUntilTerminal(server);
    await streamUntilTerminal(server);
    expect(server.calls).toEqual([]);
    expect(server.reply.pending).toBe(0);
    expect(() => server?.callSettled(0)).toThrow(/Fix: start the server without recordCalls: false/);
  });
});
