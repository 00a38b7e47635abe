// examples/refund-approval.ts against the local demo server and a throwaway Redis.
import { createClient, type MimoClient } from '@mimo-agents/core';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../packages/jobs/src/test-support/start-redis.js';
import { main } from './refund-approval.js';

let redis: TestRedis;
let server: TestServer;
let client: MimoClient;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
beforeEach(async () => {
  server = await startTestServer({ strict: true, demoModel: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey });
});
afterEach(async () => {
  await client.close();
  await server.close();
});

describe('refund-approval.ts', () => {
  it('pauses before the refund, resumes on the posted decision, refunds once', async () => {
    const lines: string[] = [];
    const { paused, result, refunds } = await main({
      client,
      redis: { host: '127.0.0.1', port: redis.port },
      queue: `refunds-${process.pid}`,
      print: (line) => lines.push(line),
    });
    expect(paused.status).toBe('interrupted');
    expect(paused.interruptions?.map((i) => i.toolName)).toEqual(['refund_order']);
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toContain('refund_order: {"refunded"');
    expect(refunds).toHaveLength(1);
    expect(lines[0]).toMatch(/^interrupted: refund_order \{.*\} waits \(apr_[0-9a-f]{32}\)$/);
    expect(lines[1]).toMatch(/^completed: /);
    // The demo model looks the order up, then asks for the refund (the pause), then answers.
    expect(server.calls).toHaveLength(3);
    expect(paused.turns).toBe(2);
  });
});
