import type { InputItem } from '@mimo-agents/core';
import { createClient } from '@mimo-agents/core';
import { run, SessionConflictError } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createRedisSessionStore } from './redis-session-store.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';

let server: TestRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis.quit();
  await server.stop();
});

const agent = { name: 'chat', model: 'mimo-v2.6-pro' };

describe('createRedisSessionStore', () => {
  it('carries a 3-exchange chat: each run loads the history and saves the next version', async () => {
    const mimo = await startTestServer({ strict: true });
    const client = createClient({ baseURL: mimo.url, apiKey: mimo.apiKey });
    onTestFinished(async () => {
      await client.close();
      await mimo.close();
    });
    const store = createRedisSessionStore({ redis, prefix: 's1:' });
    const session = { store, id: 'chat-1' };
    mimo.reply.text('Hello Ana.').text('Ana.').text('Your name.');
    await run({ client, agent, input: 'I am Ana.', session });
    await run({ client, agent, input: 'My name?', session });
    const third = await run({ client, agent, input: 'What did I ask?', session });
    expect((mimo.calls[2]?.body as { input?: unknown[] } | undefined)?.input).toHaveLength(5);
    const saved = await store.load('chat-1');
    expect(saved?.version).toBe(3);
    expect(saved?.history).toEqual(third.history);
    expect(await redis.hget('s1:chat-1', 'version')).toBe('3');
  });

  it('compare-and-set: a save from a stale version is refused with SessionConflictError and writes nothing', async () => {
    const store = createRedisSessionStore({ redis, prefix: 's2:', ttlSeconds: 60 });
    const a: InputItem[] = [{ role: 'user', content: 'a' }];
    const b: InputItem[] = [{ role: 'user', content: 'b' }];
    expect(await store.save('x', a, 0)).toBe(1);
    // Two writers that both loaded version 1, racing from two clients: exactly one wins.
    const other = new Redis(server.url);
    onTestFinished(async () => {
      await other.quit();
    });
    const rival = createRedisSessionStore({ redis: other, prefix: 's2:' });
    const outcomes = await Promise.allSettled([store.save('x', a, 1), rival.save('x', b, 1)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(SessionConflictError);
    expect(lost?.status === 'rejected' && (lost.reason as SessionConflictError).actualVersion).toBe(2);
    expect((await store.load('x'))?.version).toBe(2);
    expect(await redis.ttl('s2:x')).toBeGreaterThan(0);
    await store.delete('x');
    expect(await store.load('x')).toBeUndefined();
    await expect(store.save('x', a, 2)).rejects.toMatchObject({
      code: 'session_conflict',
      actualVersion: undefined,
    });
  });
});
