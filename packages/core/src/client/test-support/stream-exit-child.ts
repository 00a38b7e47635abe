/**
 * A child process for `client.stream-concurrent-next.test.ts`: it reads one stream in a racy way
 * (`argv[2]`), closes the client and the server, prints what it saw as JSON and must then exit on its
 * own; a timer or socket left armed by the client would keep it alive.
 */
import { startTestServer } from '@mimo-agents/testing';
import { createClient } from '../create-client.js';

const mode = process.argv[2];
const server = await startTestServer({ strict: true, streaming: { deltaSize: 3 } });
const client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
server.reply.text('hello world, this is a reply');
const iterator = client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' })[Symbol.asyncIterator]();
const seen: string[] = [];
if (mode === 'concurrent-next') {
  const [first, second] = await Promise.all([iterator.next(), iterator.next()]);
  seen.push(String(first.value?.type), String(second.value?.type));
  for (let result = await iterator.next(); result.done !== true; result = await iterator.next())
    seen.push(result.value.type);
} else if (mode === 'return-before-event') {
  const first = iterator.next().then(
    (result) => `resolved done=${String(result.done)}`,
    (error: unknown) => `rejected ${(error as Error).name}`,
  );
  await iterator.return?.();
  seen.push(await first);
}
const calls = server.calls.length;
await client.close();
await server.close();
process.stdout.write(`${JSON.stringify({ seen, calls })}\n`);
