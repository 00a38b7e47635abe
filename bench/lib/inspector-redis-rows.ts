import { createRedisRunSource, startInspector } from '@mimo-agents/inspector';
import type { RunState } from '@mimo-agents/runner';
import { createRedisCheckpointStore } from '../../packages/jobs/src/redis-checkpoint-store.js';
import { startRedis } from '../../packages/jobs/src/test-support/start-redis.js';
import { bytes, num } from './table.js';

const IDLE_MS = 5_000;
/** The Redis run source's default key-scan and full-scan intervals (keyScanIntervalMs, fullScanIntervalMs). */
const KEY_SCAN_EVERY_S = 60;
const FULL_SCAN_EVERY_S = 600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The inspector over a Redis checkpoint store of `runs` runs (a throwaway redis-server): start,
 * page responses, a refresh with one change, and the idle cost of its 1 s live polling (Redis
 * commands/s, inspector CPU) with the store's change log, one full scan, and, for comparison in the
 * same run, without the log (every refresh a full scan, as before the log).
 */
export async function inspectorRedisRows(
  runs: number,
  sampleState: (i: number) => RunState,
  median: (fn: () => Promise<unknown>) => Promise<number>,
): Promise<string[][]> {
  const server = await startRedis();
  const store = createRedisCheckpointStore({ connection: server.url });
  const commands = async () => {
    const match = /total_commands_processed:(\d+)/.exec(await store.redis.info('stats'));
    return Number(match?.[1] ?? 0) + 1; // less this bench's own INFO
  };
  /** Commands/s and inspector CPU ms/s over IDLE_MS with nothing changing. */
  const idle = async (): Promise<{ commandsPerS: number; cpuMsPerS: number }> => {
    // Let the garbage of what came before go first (run with --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(2_000);
    const before = await commands();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await sleep(IDLE_MS);
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - start) / 1000;
    return {
      commandsPerS: ((await commands()) - before - 1) / seconds,
      cpuMsPerS: (used.user + used.system) / 1000 / seconds,
    };
  };
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
    const rows: string[][] = [];
    let withLog = { commandsPerS: 0, cpuMsPerS: 0 };
    try {
      const get = async (path: string) => (await fetch(`${inspector.url}${path}`)).text();
      rows.push(
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
      );
      withLog = await idle();
      rows.push(
        ['redis: idle live polling (1 s, change log), Redis commands/s', num(withLog.commandsPerS, 1), '—'],
        [
          'redis: idle live polling (1 s, change log), inspector CPU ms per s',
          num(withLog.cpuMsPerS, 1),
          '—',
        ],
      );
    } finally {
      await inspector.close();
    }

    // A refresh that finds one changed checkpoint through the log (own source, no inspector polling).
    const reader = createRedisRunSource({ url: server.url });
    await reader.refresh();
    let n = 0;
    const changedMs = await median(async () => {
      n += 1;
      await store.save('run-00042', { ...sampleState(42), status: n % 2 === 0 ? 'completed' : 'running' });
      start = performance.now();
      await reader.refresh();
      return performance.now() - start;
    });
    await reader.close();
    rows.push(['redis: save 1 checkpoint + refresh through the change log', num(changedMs, 1), '—']);

    /** Redis commands, CPU ms and wall ms of one `fn()`. */
    const cost = async (fn: () => Promise<unknown>) => {
      const before = await commands();
      const cpu = process.cpuUsage();
      const at = performance.now();
      await fn();
      const wallMs = performance.now() - at;
      const used = process.cpuUsage(cpu);
      return { commands: (await commands()) - before - 1, cpuMs: (used.user + used.system) / 1000, wallMs };
    };
    // One key scan (SCAN only; the refresh's two log commands left out): a source whose key scan is
    // due after 1 s, refreshed once to index, then again after 1 s.
    const lister = createRedisRunSource({ url: server.url, keyScanIntervalMs: 1_000 });
    await lister.refresh();
    await sleep(1_100);
    const keyScan = await cost(() => lister.refresh());
    keyScan.commands -= 2;
    await lister.close();
    rows.push(
      [
        `redis: one key scan (SCAN only, every ${KEY_SCAN_EVERY_S} s by default), Redis commands`,
        num(keyScan.commands),
        '—',
      ],
      ['redis: one key scan, inspector CPU ms', num(keyScan.cpuMs, 1), '—'],
    );

    // One full scan with a warm index (SCAN + every key's header, nothing decoded).
    const scanner = createRedisRunSource({ url: server.url, changeLog: false });
    await scanner.refresh();
    const before = await commands();
    const cpu = process.cpuUsage();
    start = performance.now();
    await scanner.refresh();
    const scanMs = performance.now() - start;
    const scanCpu = process.cpuUsage(cpu);
    const scanCommands = (await commands()) - before - 1;
    await scanner.close();
    const scanCpuMs = (scanCpu.user + scanCpu.system) / 1000;
    rows.push(
      [`redis: one full scan (every ${FULL_SCAN_EVERY_S / 60} min by default), wall ms`, num(scanMs), '—'],
      ['redis: one full scan, Redis commands', num(scanCommands), '—'],
      ['redis: one full scan, inspector CPU ms', num(scanCpuMs), '—'],
      [
        'redis: idle, log + key scans + full scans (defaults), averaged, Redis commands/s',
        num(withLog.commandsPerS + keyScan.commands / KEY_SCAN_EVERY_S + scanCommands / FULL_SCAN_EVERY_S, 1),
        '—',
      ],
      [
        'redis: idle, log + key scans + full scans (defaults), averaged, CPU ms per s',
        num(withLog.cpuMsPerS + keyScan.cpuMs / KEY_SCAN_EVERY_S + scanCpuMs / FULL_SCAN_EVERY_S, 1),
        '—',
      ],
    );

    // Before the change log: every 1 s refresh a full scan (changeLog: false), measured in this run.
    const old = await startInspector({
      source: createRedisRunSource({ url: server.url, changeLog: false }),
      port: 0,
    });
    try {
      const without = await idle();
      rows.push(
        [
          'redis: idle without the log (every poll a full scan), Redis commands/s',
          num(without.commandsPerS),
          '—',
        ],
        ['redis: idle without the log, inspector CPU ms per s', num(without.cpuMsPerS), '—'],
      );
    } finally {
      await old.close();
    }
    const baseline = await idle();
    rows.push([
      'redis: nothing polling (this process at rest, for reference), CPU ms per s',
      num(baseline.cpuMsPerS, 1),
      '—',
    ]);
    return rows;
  } finally {
    await store.close();
    await server.stop();
  }
}
