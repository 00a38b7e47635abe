// docs/testing.md: a test against the local server.
// #region docs
import { createClient } from '@mimo-agents/core';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ strict: true });
});
afterEach(() => server.close()); // also ends stalled connections, so tests finish promptly

it('answers', async () => {
  server.reply.text('Hello!');
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const response = await client.create({ model: 'mimo-v2.6-pro', input: 'Hi' });
  expect(response.output_text).toBe('Hello!');
  expect(server.calls[0]?.headers['api-key']).toBe('[redacted]'); // recorded, never in clear
  await client.close();
});
// #endregion docs
