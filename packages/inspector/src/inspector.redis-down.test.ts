import { isMimoError, type MimoError } from '@mimo-agents/core';
import { createRedisCheckpointStore } from '@mimo-agents/jobs';
import { createRunState, type RunState } from '@mimo-agents/runner';
import { expect, it, onTestFinished } from 'vitest';
import { startRedis } from '../../jobs/src/test-support/start-redis.js';
import { startInspector } from './server/start-inspector.js';
import { createRedisRunSource } from './source/redis-run-source.js';

const state = (runId: string): RunState =>
  createRunState({
    runId,
    agent: { name: 'a', model: 'mimo-v2.6-pro' },
    input: [{ role: 'user', content: 'hi' }],
  });

it('shows a typed banner while Redis is down, keeps the last rows, and recovers when Redis is back', async () => {
  const first = await startRedis();
  onTestFinished(() => first.stop());
  const store = createRedisCheckpointStore({ connection: first.url });
  await store.save('before-outage', state('before-outage'));
  await store.close();
  const inspector = await startInspector({
    source: createRedisRunSource({ url: first.url }),
    port: 0,
    // Refreshed by the test (refresh()), not by the timer.
    pollIntervalMs: 3_600_000,
  });
  onTestFinished(() => inspector.close());
  const list = async () => (await fetch(inspector.url)).text();
  const banner = async () => (await fetch(`${inspector.url}?fragment=store`)).text();
  expect(await list()).toContain('data-run="before-outage"');
  expect(await banner()).toBe('');

  // The real server goes away (killed): the next refresh fails, and the page says so.
  await first.stop();
  await inspector.refresh();
  const down = await list();
  expect(down).toMatch(/<div class="error" id="store-error" role="alert"><b>store_unreachable<\/b>/);
  expect(down).toContain(`Could not read the store (redis 127.0.0.1:${first.port} mimo-agents:checkpoint:*)`);
  expect(down).toContain('Fix: check that the store is running and reachable');
  expect(down).toContain('data-run="before-outage"');
  expect(await banner()).toContain('store_unreachable');
  // A run page that needs the store answers 503 with the same typed error, not a crash.
  const runPage = await fetch(`${inspector.url}runs/before-outage`);
  expect(runPage.status).toBe(503);
  expect(await runPage.text()).toContain('store_unreachable');

  // Redis back on the same port (empty: no persistence): the client reconnects, the banner goes.
  const second = await startRedis({ port: first.port });
  onTestFinished(() => second.stop());
  const again = createRedisCheckpointStore({ connection: second.url });
  onTestFinished(() => again.close());
  await again.save('after-outage', state('after-outage'));
  await expect
    .poll(
      async () => {
        await inspector.refresh();
        return banner();
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe('');
  const up = await list();
  expect(up).not.toContain('store-error"');
  expect(up).toContain('data-run="after-outage"');
  expect(up).not.toContain('data-run="before-outage"');
}, 60_000);

it("a Redis source's refresh() rejects with a typed MimoError (store_unreachable, Redis's error as the cause)", async () => {
  const server = await startRedis();
  onTestFinished(() => server.stop());
  const source = createRedisRunSource({ url: server.url });
  onTestFinished(() => source.close());
  expect(await source.refresh()).toEqual([]);
  await server.stop();
  const error = await source.refresh().catch((thrown: unknown) => thrown);
  expect(isMimoError(error)).toBe(true);
  expect((error as MimoError).code).toBe('store_unreachable');
  expect((error as MimoError).retryable).toBe(true);
  expect((error as MimoError).message).toContain('Fix: check that Redis is running');
  expect((error as MimoError).cause).toBeInstanceOf(Error);
}, 60_000);
