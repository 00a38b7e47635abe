// docs/testing.md: checking the client's concurrency limit.
import { createClient, type ResponseRequest } from '@mimo-agents/core';
import type { TestServer } from '@mimo-agents/testing';
import { expect } from 'vitest';

/** Six streams on a client allowed two at a time: the server never sees more than two. */
export async function checkConcurrency(server: TestServer, body: ResponseRequest) {
  // #region docs
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxConcurrency: 2 });
  for (let i = 0; i < 6; i++) server.reply.text(`answer ${i}`, { streaming: { eventDelayMs: 5 } });
  await Promise.all([0, 1, 2, 3, 4, 5].map(() => client.stream(body).finalResponse()));
  expect(server.maxInFlight).toBe(2);
  // #endregion docs
  await client.close();
}
