// docs/client.md: every client option.
import { createClient } from '@mimo-agents/core';

// #region docs
const client = createClient({
  apiKey: 'tp-…', // default: MIMO_API_KEY
  baseURL: 'https://token-plan-sgp.xiaomimimo.com/v1',
  authHeader: 'bearer',
  maxRetries: 3, // retries after the first attempt (default 2)
  retry: {
    baseDelayMs: 500, // backoff when the server names no wait (doubling, full jitter)
    maxDelayMs: 30_000,
    maxRetryAfterMs: 600_000, // longest server-named wait honoured
    retryable400Patterns: ['finishConnect(', 'Connection refused', 'Upstream request failed'],
  },
  timeouts: {
    connectMs: 10_000,
    firstByteMs: 600_000,
    idleMs: 480_000, // gap between body bytes
    eventIdleMs: 900_000, // gap between stream events with data (heartbeats do not count)
    totalMs: 3_600_000, // from the first limiter slot, retries included
    // queueMs: 60_000, // longest wait for a limiter slot (default: none)
    drainMs: 250, // after the terminal event, for the end of body (keeps the connection); 0: drop it
  },
  limits: { maxEventBytes: 8 << 20, maxResponseBytes: 32 << 20, maxErrorBodyBytes: 64 << 10 },
  maxConcurrency: 10, // requests in flight; the pool has up to 8 more connections
  requestsPerMinute: 100, // MiMo's documented account limit per model
  logger: 'info', // or a pino logger; default 'silent'
  headers: { 'x-trace-id': 'abc' },
  models: { 'mimo-v2.6-pro-ultraspeed': { prices: { inputPerMTok: 0.87, outputPerMTok: 1.74 } } },
  // dispatcher: new Agent({ … }), // use your own undici dispatcher instead of the pool
});
// #endregion docs

await client.close();
