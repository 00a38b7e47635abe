import type { Implementation } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { median, rotated } from './measure.js';
import { FINE } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx lib/position-effect.ts [rounds] [one|block|pause] [process|thread]`: whether a run's
// CPU depends on what ran just before it. Rounds of the fine-grained workload run `streamRun()` (S),
// `run()` (R) and the raw loop (W) in an order that rotates each round: `one` run each (as 3b did until
// 2026-12-04), a `block` of four runs each in a row (3b now times blocks of six and drops the first of
// each), or one each after a 3 ms `pause` at rest (is it work the run before left behind?). Each
// run's CPU (the whole process's, or the main thread's) is reported by implementation and by the one
// that ran just before it ("S after W"): medians. It measures the built packages: `pnpm build` first.
const [roundsArg = '300', order = 'one', clockArg = 'process'] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!['one', 'block', 'pause'].includes(order) || !['process', 'thread'].includes(clockArg))
  throw new Error(
    `position-effect: the order is one, block or pause and the clock process or thread (got ${order}, ${clockArg}).`,
  );
const cpuSince = (since?: NodeJS.CpuUsage): NodeJS.CpuUsage =>
  clockArg === 'thread' ? process.threadCpuUsage(since) : process.cpuUsage(since);
const server = await startBenchServer(FINE);
const make = (factory: typeof ours): Implementation =>
  factory({ url: server.url, apiKey: server.apiKey, concurrency: 50, workload: FINE });
const impls: [name: string, impl: Implementation][] = [
  ['S', make(oursStreamed)],
  ['R', make(ours)],
  ['W', make(rawUndici)],
];
const cpu = new Map<string, number[]>();
const record = (key: string, ms: number): void => {
  const own = cpu.get(key) ?? [];
  own.push(ms);
  cpu.set(key, own);
};
try {
  for (let i = 0; i < 30; i++) for (const [, impl] of impls) await impl.runOnce();
  let before = '-';
  for (let round = 0; round < rounds; round++) {
    const inOrder = rotated(impls, round);
    for (const [name, impl] of order === 'block'
      ? inOrder.flatMap((entry) => [entry, entry, entry, entry])
      : inOrder) {
      if (order === 'pause') await new Promise((resolve) => setTimeout(resolve, 3));
      const since = cpuSince();
      await impl.runOnce();
      const used = cpuSince(since);
      const ms = (used.user + used.system) / 1000;
      record(name, ms);
      record(`${name} after ${before}`, ms);
      before = name;
    }
  }
} finally {
  for (const [, impl] of impls) await impl.close();
  await server.close();
}
for (const key of [...cpu.keys()].filter((key) => !key.endsWith('-')).sort()) {
  const values = cpu.get(key) ?? [];
  console.log(
    `${key.padEnd(10)} ${String(values.length).padStart(5)} runs, median ${median(values).toFixed(3)} ms`,
  );
}
