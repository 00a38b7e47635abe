import { ConfigError } from '@mimo-agents/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLogKeys } from './checkpoint-change-log.js';
import { CheckpointFencedError } from './checkpoint-fenced-error.js';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
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

const entries = async (prefix: string) => redis.zrange(changeLogKeys(prefix).logKey, '0', '-1', 'WITHSCORES');

describe('the Redis checkpoint store change log', () => {
  it('records each save and delete with the next sequence number, one entry per run, with an expiry', async () => {
    const store = createRedisCheckpointStore<{ n: number }>({ redis, prefix: 'cl1:' });
    const { logKey, metaKey } = changeLogKeys('cl1:');
    expect(logKey).toBe('mimo-agents:changes:cl1:');
    await store.save('a', { n: 1 });
    await store.save('b', { n: 1 });
    await store.save('a', { n: 2 });
    expect(await entries('cl1:')).toEqual(['b', '2', 'a', '3']);
    await store.delete('b');
    expect(await entries('cl1:')).toEqual(['a', '3', 'b', '4']);
    expect(await redis.hget(metaKey, 'seq')).toBe('4');
    // The log lives 1 h after its last write; the sequence number never expires (a reset would look
    // like an empty log to a reader that is ahead of it).
    expect(await redis.pttl(logKey)).toBeGreaterThan(3_590_000);
    expect(await redis.pttl(metaKey)).toBe(-1);
    // An expiry is not a change of the value: not logged (readers pick it up in their full scan).
    await store.expire('a', 60_000);
    expect(await redis.hget(metaKey, 'seq')).toBe('4');
  });

  it('keeps at most maxRuns run ids, dropping the oldest and marking the highest score dropped', async () => {
    const store = createRedisCheckpointStore<{ n: number }>({
      redis,
      prefix: 'cl2:',
      changeLog: { maxRuns: 100, ttlSeconds: 60 },
    });
    for (let i = 0; i < 130; i++) await store.save(`r${i}`, { n: i });
    const { logKey, metaKey } = changeLogKeys('cl2:');
    expect(await redis.zcard(logKey)).toBe(100);
    expect(await redis.zrange(logKey, '0', '0')).toEqual(['r30']);
    expect(await redis.hget(metaKey, 'trimmed')).toBe('30');
    expect(await redis.pttl(logKey)).toBeLessThanOrEqual(60_000);
    // The checkpoints themselves are all kept: only the log is capped.
    expect(await store.load('r0')).toEqual({ n: 0 });
  });

  it('marks a log recreated after it expired as trimmed up to the write before (its entries are gone)', async () => {
    const store = createRedisCheckpointStore<{ n: number }>({ redis, prefix: 'cl-exp:' });
    const { logKey, metaKey } = changeLogKeys('cl-exp:');
    await store.save('a', { n: 1 });
    await store.save('b', { n: 1 });
    expect(await redis.hget(metaKey, 'trimmed')).toBeNull(); // the first write made the log: nothing lost
    await redis.del(logKey); // what its expiry does
    await store.save('c', { n: 1 });
    expect(await redis.hget(metaKey, 'trimmed')).toBe('2');
    expect(await entries('cl-exp:')).toEqual(['c', '3']);
    await store.save('d', { n: 1 }); // the log exists again: no new mark
    expect(await redis.hget(metaKey, 'trimmed')).toBe('2');
  });

  it('logs fenced writes in the same script, and nothing when the lock refuses the write', async () => {
    const store = createRedisCheckpointStore<{ n: number }>({ redis, prefix: 'cl3:' });
    await redis.set('bull:cl3:1:lock', 'mine');
    await store.fenced({ key: 'bull:cl3:1:lock', token: 'mine' }).save('r', { n: 1 });
    expect(await entries('cl3:')).toEqual(['r', '1']);
    const refused = await store
      .fenced({ key: 'bull:cl3:1:lock', token: 'stale' })
      .delete('r')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CheckpointFencedError);
    expect(await entries('cl3:')).toEqual(['r', '1']);
    expect(await store.load('r')).toEqual({ n: 1 });
  });

  it('writes no log with changeLog: false', async () => {
    const store = createRedisCheckpointStore<{ n: number }>({ redis, prefix: 'cl4:', changeLog: false });
    await store.save('r', { n: 1 });
    await store.delete('r');
    expect(await redis.exists(...Object.values(changeLogKeys('cl4:')))).toBe(0);
  });

  it('loads its script again after the server lost it (SCRIPT FLUSH)', async () => {
    const store = createRedisCheckpointStore<{ n: number }>({ redis, prefix: 'cl5:' });
    await store.save('r', { n: 1 });
    await redis.script('FLUSH');
    await store.save('r', { n: 2 });
    expect(await store.load('r')).toEqual({ n: 2 });
    expect(await entries('cl5:')).toEqual(['r', '2']);
  });

  it('refuses change log settings out of bounds and a prefix that would hold the log, naming the field', () => {
    const invalid = (options: Parameters<typeof createRedisCheckpointStore>[0]) => {
      try {
        createRedisCheckpointStore(options);
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('accepted');
    };
    const tooSmall = invalid({ redis, changeLog: { maxRuns: 10 } });
    expect(tooSmall).toBeInstanceOf(ConfigError);
    expect(tooSmall.field).toBe('changeLog.maxRuns');
    expect(tooSmall.message).toContain('Fix: give the most run ids');
    expect(invalid({ redis, changeLog: { maxRuns: 2_000_000 } }).field).toBe('changeLog.maxRuns');
    expect(invalid({ redis, changeLog: { ttlSeconds: 59 } }).field).toBe('changeLog.ttlSeconds');
    expect(invalid({ redis, changeLog: { ttlSeconds: 1.5 } }).field).toBe('changeLog.ttlSeconds');
    const prefix = invalid({ redis, prefix: 'mimo-agents:' });
    expect(prefix.field).toBe('prefix');
    expect(prefix.message).toContain('changeLog: false');
    expect(invalid({ redis, prefix: '' }).field).toBe('prefix');
    // Without a log, any prefix goes.
    expect(createRedisCheckpointStore({ redis, prefix: '', changeLog: false }).keyFor('r')).toBe('r');
  });
});
