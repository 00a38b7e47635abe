import { CheckpointCorruptError, CheckpointStoreError } from '@mimo-agents/runner';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('createRedisCheckpointStore', () => {
  it('saves the encoded envelope under <prefix><runId>, loads copies and deletes', async () => {
    const store = createRedisCheckpointStore<{ turn: number; history: string[] }>({ redis, prefix: 't1:' });
    expect(await store.load('run_1')).toBeUndefined();
    await store.save('run_1', { turn: 1, history: ['a'] });
    await store.save('run_1', { turn: 2, history: ['a', 'b'] });
    expect(await store.load('run_1')).toEqual({ turn: 2, history: ['a', 'b'] });
    expect(store.keyFor('run_1')).toBe('t1:run_1');
    const raw = await redis.get('t1:run_1');
    expect(JSON.parse(raw ?? '')).toMatchObject({
      format: 'mimo-agents.run-state',
      version: 1,
      runId: 'run_1',
    });
    expect(await redis.ttl('t1:run_1')).toBe(-1);
    await store.delete('run_1');
    await store.delete('run_1');
    expect(await store.load('run_1')).toBeUndefined();
    expect(await redis.exists('t1:run_1')).toBe(0);
  });

  it('uses the default prefix and expires checkpoints when asked', async () => {
    const store = createRedisCheckpointStore<unknown>({ redis, ttlSeconds: 120 });
    await store.save('run_ttl', { a: 1 });
    expect(store.keyFor('run_ttl')).toBe('mimo-agents:checkpoint:run_ttl');
    const ttl = await redis.ttl('mimo-agents:checkpoint:run_ttl');
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('reports a damaged or truncated value as corrupt, naming the key', async () => {
    const store = createRedisCheckpointStore<unknown>({ redis, prefix: 't2:' });
    await store.save('run_1', { answer: 42, pad: 'x'.repeat(500) });
    const raw = (await redis.get('t2:run_1')) ?? '';
    await redis.set('t2:run_1', raw.slice(0, 100));
    const truncated = await store.load('run_1').catch((e: unknown) => e);
    expect(truncated).toBeInstanceOf(CheckpointCorruptError);
    expect((truncated as CheckpointCorruptError).reason).toBe('invalid_json');
    expect((truncated as CheckpointCorruptError).message).toContain(
      `Redis key "t2:run_1" on 127.0.0.1:${server.port}`,
    );
    await redis.set('t2:run_1', raw.replace('"answer":42', '"answer":24'));
    const tampered = await store.load('run_1').catch((e: unknown) => e);
    expect((tampered as CheckpointCorruptError).reason).toBe('checksum_mismatch');
    await redis.set('t2:run_2', raw);
    const moved = await store.load('run_2').catch((e: unknown) => e);
    expect((moved as CheckpointCorruptError).reason).toBe('run_id_mismatch');
  });

  it('opens and closes its own client from a URL, and never closes a client it was given', async () => {
    const own = createRedisCheckpointStore<unknown>({ connection: server.url, prefix: 't3:' });
    await own.save('r', { n: 1 });
    await own.close();
    expect(own.redis.status).toBe('end');
    const shared = createRedisCheckpointStore<unknown>({ redis, prefix: 't3:' });
    expect(await shared.load('r')).toEqual({ n: 1 });
    await shared.close();
    expect(redis.status).toBe('ready');
    const fromOptions = createRedisCheckpointStore<unknown>({
      connection: { host: '127.0.0.1', port: server.port },
    });
    await fromOptions.save('r', { n: 2 });
    expect(await fromOptions.load('r')).toEqual({ n: 2 });
    await fromOptions.close();
  });

  it('writes through a fenced view only while the lock holds its token', async () => {
    const store = createRedisCheckpointStore<{ n: number }>({ redis, prefix: 't4:', ttlSeconds: 60 });
    await redis.set('bull:q:job-1:lock', 'token-a');
    const mine = store.fenced({ key: 'bull:q:job-1:lock', token: 'token-a' });
    await mine.save('r', { n: 1 });
    expect(await mine.load('r')).toEqual({ n: 1 });
    expect(await redis.ttl('t4:r')).toBeGreaterThan(50);
    // The job was declared stalled and another worker took it (new token): this one is fenced out.
    await redis.set('bull:q:job-1:lock', 'token-b');
    const refused = await mine.save('r', { n: 2 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CheckpointFencedError);
    expect((refused as CheckpointFencedError).message).toContain('lost the job');
    await expect(mine.delete('r')).rejects.toBeInstanceOf(CheckpointFencedError);
    expect(await store.load('r')).toEqual({ n: 1 });
    await redis.del('bull:q:job-1:lock');
    await expect(mine.save('r', { n: 3 })).rejects.toBeInstanceOf(CheckpointFencedError);
    const theirs = store.fenced({ key: 'bull:q:job-1:lock', token: 'token-b' });
    await redis.set('bull:q:job-1:lock', 'token-b');
    await theirs.delete('r');
    expect(await store.load('r')).toBeUndefined();
  });

  it("with an owner, writes only while the run's owner key names this job, and keeps that key alive", async () => {
    const store = createRedisCheckpointStore<{ n: number }>({ redis, prefix: 't5:' });
    await redis.set('bull:q:job-1:lock', 'token-a');
    const owner = { key: 'owner:r', jobId: 'job-1', ttlMs: 60_000 };
    const mine = store.fenced({ key: 'bull:q:job-1:lock', token: 'token-a', owner });
    // No owner yet (a run from before run owners, or an expired record): the write takes it.
    await mine.save('r', { n: 1 });
    expect(await redis.get('owner:r')).toBe('job-1');
    expect(await redis.pttl('owner:r')).toBeGreaterThan(50_000);
    // Another job of the same run id took the run over: this job's writes are refused, though its own lock holds.
    await redis.set('owner:r', 'r-approval-7');
    const refused = await mine.save('r', { n: 2 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CheckpointFencedError);
    expect(refused).toMatchObject({
      code: 'checkpoint_fenced',
      reason: 'run_owner_changed',
      lockKey: 'owner:r',
    });
    expect((refused as CheckpointFencedError).message).toMatch(
      /another job of the same run id drives the run now.*Fix: /,
    );
    await expect(mine.delete('r')).rejects.toMatchObject({ reason: 'run_owner_changed' });
    expect(await store.load('r')).toEqual({ n: 1 });
    expect(await redis.get('owner:r')).toBe('r-approval-7');
    // The job lock is checked first: a lost lock is reported as such.
    await redis.set('bull:q:job-1:lock', 'token-b');
    await expect(mine.save('r', { n: 3 })).rejects.toMatchObject({ reason: 'job_lock_lost' });
    expect(await store.load('r')).toEqual({ n: 1 });
  });

  it('turns an unreachable Redis into a CheckpointStoreError', async () => {
    const other = await startRedis();
    const store = createRedisCheckpointStore<unknown>({
      connection: { host: '127.0.0.1', port: other.port, retryStrategy: () => null },
    });
    await store.save('r', { n: 1 });
    await other.stop();
    const error = await store.save('r', { n: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointStoreError);
    expect((error as CheckpointStoreError).operation).toBe('save');
    expect((error as CheckpointStoreError).retryable).toBe(true);
    await expect(store.load('r')).rejects.toBeInstanceOf(CheckpointStoreError);
    await store.close();
  });
});
