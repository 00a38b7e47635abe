import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClaimRunOptions, claimRun } from './claim-run.js';
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

/** Claim options for job `jobId` (token `t-<jobId>`) of run `runId` on queue prefix `bull:q:`. */
function claimFor(runId: string, jobId: string): ClaimRunOptions {
  return {
    runId,
    ownerKey: `owner:${runId}`,
    checkpointKey: `cp:${runId}`,
    lockPrefix: 'bull:q:',
    jobId,
    token: `t-${jobId}`,
    ttlMs: 60_000,
  };
}

/** Gives job `jobId` its BullMQ lock, as BullMQ does when a worker takes the job. */
const lock = (jobId: string) => redis.set(`bull:q:${jobId}:lock`, `t-${jobId}`);
/** Takes the lock away: the job completed, failed, or its worker died a lockDuration ago. */
const unlock = (jobId: string) => redis.del(`bull:q:${jobId}:lock`);

describe('claimRun', () => {
  it('lets the first job take a run, and the same job again (a redelivery)', async () => {
    await lock('a');
    expect(await claimRun(redis, claimFor('r1', 'a'))).toEqual({ type: 'claimed', checkpoint: false });
    expect(await redis.get('owner:r1')).toBe('a');
    expect(await redis.pttl('owner:r1')).toBeGreaterThan(50_000);
    await redis.set('cp:r1', '{}');
    expect(await claimRun(redis, claimFor('r1', 'a'))).toEqual({ type: 'claimed', checkpoint: true });
  });

  it('turns away a second job while the owner holds its lock (busy), and lets it take over once the lock is gone', async () => {
    await lock('a');
    await lock('b');
    await claimRun(redis, claimFor('r2', 'a'));
    await redis.set('cp:r2', '{}');
    expect(await claimRun(redis, claimFor('r2', 'b'))).toEqual({ type: 'busy', owner: 'a' });
    expect(await redis.get('owner:r2')).toBe('a');
    // The owner's worker died and its lock expired (or it completed): the run, saved, is free.
    await unlock('a');
    expect(await claimRun(redis, claimFor('r2', 'b'))).toEqual({
      type: 'claimed',
      checkpoint: true,
      previous: 'a',
    });
    expect(await redis.get('owner:r2')).toBe('b');
    // Now the old job comes back (redelivered after its stall): the run is b's while b runs.
    await lock('a');
    expect(await claimRun(redis, claimFor('r2', 'a'))).toEqual({ type: 'busy', owner: 'b' });
  });

  it('refuses a job whose run another job finished and deleted (superseded): it must not start it over', async () => {
    await lock('a');
    await lock('b');
    await claimRun(redis, claimFor('r3', 'a'));
    await unlock('a');
    // a finished the run; its checkpoint was deleted on completion.
    expect(await redis.exists('cp:r3')).toBe(0);
    expect(await claimRun(redis, claimFor('r3', 'b'))).toEqual({ type: 'superseded', owner: 'a' });
    expect(await redis.get('owner:r3')).toBe('a');
  });

  it("reports a job whose own lock is gone (lost), without touching the run's owner", async () => {
    await redis.set('bull:q:c:lock', 'someone-else');
    expect(await claimRun(redis, claimFor('r4', 'c'))).toEqual({ type: 'lost' });
    expect(await redis.exists('owner:r4')).toBe(0);
  });
});
