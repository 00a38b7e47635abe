import { ConfigError } from '@mimo-agents/core';
import { changeLogKeys, createRedisCheckpointStore, type RedisCheckpointStore } from '@mimo-agents/jobs';
import { createRunState, type RunState } from '@mimo-agents/runner';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startRedis, type TestRedis } from '../../jobs/src/test-support/start-redis.js';
import { readChangeLog } from './source/read-change-log.js';
import { createRedisRunSource } from './source/redis-run-source.js';
import type { RunSource } from './source/run-source.js';

let server: TestRedis;
let admin: Redis;
beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
});
afterAll(async () => {
  await admin.quit();
  await server.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

function state(runId: string, status: RunState['status'] = 'completed'): RunState {
  const created = createRunState({
    runId,
    agent: { name: 'agent', model: 'mimo-v2.6-pro' },
    input: [{ role: 'user', content: `Task ${runId}` }],
  });
  created.status = status;
  return created;
}

/** Calls per Redis command since the last reset (INFO commandstats; the test's own INFO and CONFIG left out). */
async function commandCalls(): Promise<Record<string, number>> {
  const info = await admin.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/cmdstat_([a-z|]+):calls=(\d+)/g)) {
    if (match[1] !== 'info' && !match[1]?.startsWith('config')) calls[match[1] ?? ''] = Number(match[2]);
  }
  return calls;
}

async function open(prefix: string, options: { maxRuns?: number; changeLog?: false } = {}) {
  const store = createRedisCheckpointStore({
    connection: server.url,
    prefix,
    ...(options.changeLog === false
      ? { changeLog: false as const }
      : { changeLog: { maxRuns: options.maxRuns ?? 10_000 } }),
  });
  onTestFinished(() => store.close());
  return store;
}

function source(prefix: string): RunSource {
  const opened = createRedisRunSource({ url: server.url, prefix }); // key scan 60 s, full scan 10 min
  onTestFinished(() => opened.close());
  return opened;
}

async function seed(store: RedisCheckpointStore, count: number, from = 0): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) => store.save(`r${from + i}`, state(`r${from + i}`))),
  );
}

/** Moves the source's clock on by `ms` (only Date: Redis and sockets run as usual). */
function advance(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + ms);
}

describe('Redis run source with the change log', () => {
  it('shows a save at the next refresh from two log commands and one header read, without a full scan', async () => {
    const store = await open('cl-a:');
    await seed(store, 200);
    const runs = source('cl-a:');
    expect((await runs.refresh()).length).toBe(200);
    await admin.config('RESETSTAT');
    expect(await runs.refresh()).toEqual([]);
    // Idle: the log's entries since the cursor and its meta hash, nothing per key.
    expect(await commandCalls()).toEqual({ zrangebyscore: 1, hmget: 1 });
    await admin.config('RESETSTAT');
    await store.save('r7', state('r7', 'failed'));
    await store.save('new', state('new', 'running'));
    const writes = await commandCalls();
    await admin.config('RESETSTAT');
    expect((await runs.refresh()).sort()).toEqual(['new', 'r7']);
    const reads = await commandCalls();
    expect(writes.evalsha).toBe(2);
    expect(reads).toEqual({ zrangebyscore: 1, hmget: 1, getrange: 2, get: 2 });
    expect(runs.summary('r7')?.status).toBe('failed');
    expect(runs.summary('new')?.status).toBe('running');
    expect(runs.summaries().length).toBe(201);
  });

  it('drops a run deleted through the store at the next refresh, and one deleted or expired behind its back at the key scan', async () => {
    const store = await open('cl-b:');
    await seed(store, 5);
    const runs = source('cl-b:');
    await runs.refresh();
    await store.delete('r0');
    expect(await runs.refresh()).toEqual(['r0']);
    // Not through the store: a plain DEL, and keepFinishedFor's expiry (PEXPIRE) running out.
    await admin.del(store.keyFor('r1'));
    expect(await store.expire('r2', 1)).toBe(true);
    for (let i = 0; i < 1_000 && (await admin.exists(store.keyFor('r2'))) === 1; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await admin.exists(store.keyFor('r2'))).toBe(0);
    await admin.config('RESETSTAT');
    expect(await runs.refresh()).toEqual([]);
    expect(runs.summary('r1')).toBeDefined();
    expect((await commandCalls()).scan).toBeUndefined();
    // Keep the refreshes good (a refresh 30 s after the last good one is a full scan).
    advance(25_000);
    await runs.refresh();
    advance(25_000);
    await runs.refresh();
    advance(11_000);
    await admin.config('RESETSTAT');
    // 61 s on: the key scan lists the keys (one SCAN; no header read, nothing else to re-read).
    expect((await runs.refresh()).sort()).toEqual(['r1', 'r2']);
    expect(await commandCalls()).toEqual({ zrangebyscore: 1, hmget: 1, scan: 1 });
    expect(
      runs
        .summaries()
        .map((s) => s.runId)
        .sort(),
    ).toEqual(['r3', 'r4']);
  });

  it('falls back to a full scan when more runs changed than the log keeps (the cursor fell off)', async () => {
    const store = await open('cl-c:', { maxRuns: 100 });
    await seed(store, 10);
    const runs = source('cl-c:');
    await runs.refresh();
    // 150 distinct runs since the last refresh: the log holds the newest 100, so 50 changes were dropped.
    for (let i = 0; i < 150; i++) await store.save(`x${i}`, state(`x${i}`));
    expect(await admin.zcard(changeLogKeys('cl-c:').logKey)).toBe(100);
    await admin.config('RESETSTAT');
    const changed = await runs.refresh();
    expect(changed.length).toBe(150);
    expect(changed).toContain('x0');
    const calls = await commandCalls();
    expect(calls.scan).toBeGreaterThanOrEqual(1);
    expect(calls.getrange).toBe(160);
    expect(runs.summaries().length).toBe(160);
    // Back on the log afterwards.
    await admin.config('RESETSTAT');
    await store.save('x1', state('x1', 'failed'));
    expect(await runs.refresh()).toEqual(['x1']);
    expect((await commandCalls()).scan).toBeUndefined();
  });

  it('rescans when the log was reset (its meta hash deleted) instead of trusting an empty log', async () => {
    const store = await open('cl-d:');
    await seed(store, 3);
    const runs = source('cl-d:');
    await runs.refresh();
    const { logKey, metaKey } = changeLogKeys('cl-d:');
    await admin.del(logKey, metaKey);
    await admin.del(store.keyFor('r0'));
    await admin.config('RESETSTAT');
    expect(await runs.refresh()).toEqual(['r0']);
    expect((await commandCalls()).scan).toBe(1);
  });

  it('a log that expired and was recreated makes a reader that had not read it all rescan, and one that had not', async () => {
    const store = await open('cl-x:');
    const keys = changeLogKeys('cl-x:');
    await store.save('x', state('x'));
    await store.save('y', state('y'));
    const behind = Number(await admin.hget(keys.metaKey, 'seq'));
    await store.save('x', state('x', 'failed')); // read by nobody yet
    const caughtUp = Number(await admin.hget(keys.metaKey, 'seq'));
    await admin.del(keys.logKey); // the sorted set expires (no write for ttlSeconds), x's entry with it
    await store.save('z', state('z'));
    expect(await readChangeLog(admin, keys, behind)).toEqual({ kind: 'rescan', reason: 'cursor_trimmed' });
    expect(await readChangeLog(admin, keys, caughtUp)).toEqual({
      kind: 'changes',
      runIds: ['z'],
      cursor: caughtUp + 1,
    });
  });

  it('still shows checkpoints written by a store without the log, each refresh, until a store with the log writes', async () => {
    const old = await open('cl-e:', { changeLog: false });
    await seed(old, 3);
    const runs = source('cl-e:');
    expect((await runs.refresh()).sort()).toEqual(['r0', 'r1', 'r2']);
    // No log under this prefix: every refresh is a full scan, as before the log existed.
    await old.save('r3', state('r3'));
    await admin.config('RESETSTAT');
    expect(await runs.refresh()).toEqual(['r3']);
    expect((await commandCalls()).scan).toBe(1);
    // A store with the log (an upgraded worker) writes: from then on the log drives the refreshes,
    // and the older store's saves show at the next full scan.
    const upgraded = await open('cl-e:');
    await upgraded.save('r4', state('r4'));
    expect(await runs.refresh()).toEqual(['r4']);
    await old.save('r0', state('r0', 'failed'));
    await upgraded.save('r5', state('r5'));
    await admin.config('RESETSTAT');
    expect(await runs.refresh()).toEqual(['r5']);
    expect((await commandCalls()).scan).toBeUndefined();
    expect(runs.summary('r0')?.status).toBe('completed');
    // A new run by the older store shows at the next key scan (60 s); its rewrite of a known run only
    // at the full scan (10 min). Refreshes every 20 s keep the source from calling itself stale.
    await old.save('r6', state('r6'));
    for (let s = 0; s < 3; s++) {
      advance(20_000);
      await runs.refresh();
    }
    expect(runs.summary('r6')).toBeDefined();
    expect(runs.summary('r0')?.status).toBe('completed');
    const seen: string[] = [];
    for (let s = 0; s < 27 && seen.length === 0; s++) {
      advance(20_000);
      seen.push(...(await runs.refresh()));
    }
    expect(seen).toEqual(['r0']);
    expect(runs.summary('r0')?.status).toBe('failed');
  });

  it('refuses scan intervals out of bounds, naming the field and the fix', () => {
    const refused = (options: { keyScanIntervalMs?: number; fullScanIntervalMs?: number }) => {
      try {
        createRedisRunSource({ url: server.url, ...options });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return error as ConfigError;
      }
      throw new Error('accepted');
    };
    for (const fullScanIntervalMs of [999, 86_400_001, 1.5]) {
      const error = refused({ fullScanIntervalMs });
      expect(error.field).toBe('fullScanIntervalMs');
      expect(error.message).toContain(
        'Fix: give the ms between full scans of the store as a whole number from 1000 to 86400000',
      );
    }
    for (const keyScanIntervalMs of [0, 3_600_001]) {
      const error = refused({ keyScanIntervalMs });
      expect(error.field).toBe('keyScanIntervalMs');
      expect(error.message).toContain('Fix: give the ms between key scans');
    }
  });
});
