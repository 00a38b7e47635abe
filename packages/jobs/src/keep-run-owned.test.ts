import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { keepRunOwned } from './keep-run-owned.js';
import { startRedis, type TestRedis } from './test-support/start-redis.js';
import { until } from './test-support/until.js';

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

describe('keepRunOwned', () => {
  it("renews the owner record's expiry while it names the job, and stops when told", async () => {
    await redis.set('owner:r1', 'job-a', 'PX', 2_000);
    const renewal = keepRunOwned({ redis, ownerKey: 'owner:r1', jobId: 'job-a', ttlMs: 60_000, everyMs: 20 });
    onTestFinished(() => renewal.stop());
    expect(renewal.active).toBe(true);
    // Renewed: the expiry is back at about ttlMs.
    await until(async () => (await redis.pttl('owner:r1')) > 2_000);
    expect(await redis.get('owner:r1')).toBe('job-a');
    renewal.stop();
    // No timer left (a renewal in flight at stop() ends, and schedules none).
    await until(() => !renewal.active);
    renewal.stop();
    expect(renewal.active).toBe(false);
  });

  it('never renews a record that names another job, and ends once it sees one', async () => {
    await redis.set('owner:r2', 'job-a', 'PX', 2_000);
    const renewal = keepRunOwned({ redis, ownerKey: 'owner:r2', jobId: 'job-a', ttlMs: 60_000, everyMs: 20 });
    onTestFinished(() => renewal.stop());
    await until(async () => (await redis.pttl('owner:r2')) > 2_000);
    // Another job took the run over (the record expired and was claimed).
    await redis.set('owner:r2', 'job-b', 'PX', 3_000);
    await until(() => !renewal.active);
    expect(await redis.get('owner:r2')).toBe('job-b');
    expect(await redis.pttl('owner:r2')).toBeLessThanOrEqual(3_000);
  });

  it('an absent record is not created again, and renewal goes on: once a save takes it again, it is renewed', async () => {
    // Watch the renewals as Redis gets them.
    const monitor = await redis.monitor();
    onTestFinished(() => monitor.disconnect());
    let renewals = 0;
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase().startsWith('eval') && args.includes('owner:r3')) renewals += 1;
    });
    const renewal = keepRunOwned({ redis, ownerKey: 'owner:r3', jobId: 'job-a', ttlMs: 60_000, everyMs: 20 });
    onTestFinished(() => renewal.stop());
    // The record expired (Redis was unreachable longer than runOwnerTtl): renewals find it absent,
    // leave it so, and keep going.
    await until(() => renewals >= 3);
    expect(await redis.exists('owner:r3')).toBe(0);
    expect(renewal.active).toBe(true);
    // The job's next save takes the absent record again (the fenced write does that): from then on the
    // renewals keep it, so a long tool call after that save does not let it expire.
    await redis.set('owner:r3', 'job-a', 'PX', 2_000);
    await until(async () => (await redis.pttl('owner:r3')) > 2_000);
    expect(await redis.get('owner:r3')).toBe('job-a');
    renewal.stop();
    await until(() => !renewal.active);
  });

  it('a Redis error is reported and the next renewal still tried', async () => {
    // Nothing listens on port 1 of loopback: every command fails.
    const broken = new Redis({
      host: '127.0.0.1',
      port: 1,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    broken.on('error', () => {});
    onTestFinished(() => broken.disconnect());
    const errors: unknown[] = [];
    const failing = keepRunOwned({
      redis: broken,
      ownerKey: 'owner:r4',
      jobId: 'job-a',
      ttlMs: 60_000,
      everyMs: 20,
      onError: (error) => errors.push(error),
    });
    onTestFinished(() => failing.stop());
    // Every renewal fails, is reported, and the next one is still tried.
    await until(() => errors.length >= 2);
    expect(failing.active).toBe(true);
    expect(String(errors[0])).toMatch(/Stream isn't writeable|Connection is closed|offline queue/i);
    failing.stop();
    await until(() => !failing.active);
  });
});
