// docs/testing.md: faults on the wire.
import type { TestServer } from '@mimo-agents/testing';

/** Queues a 429 before an answer, and a stream dropped after four events before another. */
export function scriptFaults(server: TestServer) {
  // #region docs
  server.reply.fault({ type: 'status', status: 429, retryAfterMs: 50 }).text('after the retry');
  server.reply.text('partial', { fault: { type: 'drop-after-events', events: 4 } }).text('whole');
  // #endregion docs
}
