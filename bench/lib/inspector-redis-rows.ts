import { createRedisRunSource, startInspector } from '@mimo-agents/inspector';
import type { RunState } from '@mimo-agents/runner';
import { createRedisCheckpointStore } from '../../packages/jobs/src/redis-checkpoint-store.js';
import { startRedis } from '../../packages/jobs/src/test-support/start-redis.js';
import { bytes, num } from './table.js';

const IDLE_MS = 5_000;

/**
 * The inspector over a Redis checkpoint store of `runs` runs (a throwaway redis-server): start,
 * page responses, and the idle cost of its 1 s live polling (Redis commands/s, inspector CPU).
 */
export async function inspectorRedisRows(
  runs: number,
  sampleState: (i: number) => RunState,
  median: (fn: () => Promise<unknown>) => Promise<number>,
): Promise<string[][]> {
  const server = await startRedis();
  const store = createRedisCheckpointStore({ connection: server.url });
  try {
    for (let i = 0; i < runs; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, runs - i) }, (_, k) =>
          store.save(`run-${String(i + k).padStart(5, '0')}`, sampleState(i + k)),
        ),
      );
    }
    const source = createRedisRunSource({ url: server.url });
    let start = performance.now();
    const inspector = await startInspector({ source, port: 0 }); // the default 1 s poll
    const coldMs = performance.now() - start;
    try {
      const get = async (path: string) => (await fetch(`${inspector.url}${path}`)).text();
      const rows: string[][] = [
        [`redis: start (SCAN + index ${num(runs)} checkpoints)`, num(coldMs), '—'],
        ['redis: GET / (page 1 of 200)', num(await median(() => get('')), 1), bytes((await get('')).length)],
        [
          'redis: GET /?page=150',
          num(await median(() => get('?page=150')), 1),
          bytes((await get('?page=150')).length),
        ],
        [
          'redis: GET /runs/run-05000',
          num(await median(() => get('runs/run-05000')), 1),
          bytes((await get('runs/run-05000')).length),
        ],
      ];
      const commands = async () => {
        const match = /total_commands_processed:(\d+)/.exec(await store.redis.info('stats'));
        return Number(match?.[1] ?? 0);
      };
      const before = await commands();
      const cpu = process.cpuUsage();
      start = performance.now();
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - start) / 1000;
      const perSecond = (await commands()) - before - 1; // less this bench's own INFO
      rows.push([
        `redis: idle live polling (1 s), Redis commands/s over ${IDLE_MS / 1000} s`,
        num(perSecond / seconds),
        '—',
      ]);
      rows.push([
        `redis: idle live polling, inspector CPU ms per s over ${IDLE_MS / 1000} s`,
        num((used.user + used.system) / 1000 / seconds, 1),
        '—',
      ]);
      return rows;
    } finally {
      await inspector.close();
    }
  } finally {
    await store.close();
    await server.stop();
  }
}
