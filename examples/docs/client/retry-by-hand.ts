// docs/client.md: retrying a whole stream by hand, with the client's retry policy.
import { setTimeout as sleep } from 'node:timers/promises';
import type { MimoClient, ResponseRequest, ResponseStream } from '@mimo-agents/core';

/** Consumes a stream, retrying it whole (with the client's backoff) when it fails. */
export async function withRetries<T>(
  client: MimoClient,
  body: ResponseRequest,
  consume: (stream: ResponseStream) => Promise<T>,
): Promise<T> {
  // #region docs
  let left = client.retry.maxRetries;
  for (let attempt = 1; ; attempt++) {
    try {
      return await consume(client.stream(body, { maxRetries: left }));
    } catch (error) {
      if (left === 0 || !client.retry.isRetryable(error)) throw error;
      left--;
      await sleep(client.retry.delayMs(attempt, error));
    }
  }
  // #endregion docs
}
