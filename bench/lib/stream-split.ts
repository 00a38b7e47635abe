import { PerformanceObserver } from 'node:perf_hooks';
import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed, oursStreamFinal } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { median } from './measure.js';
import { FINE } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx --expose-gc lib/stream-split.ts [runs] [concurrency] [warm-up runs] [order]`: where streamRun()'s extra CPU goes, runs of
// the fine-grained workload interleaved: the raw loop, run(), streamRun() with only finalResult() (the
// stream object, no events read), streamRun() with every event read by for-await. CPU per run (median)
// and GC pause per run (sum of the pauses that fell into that implementation's turns ÷ runs).
const runs = Number(process.argv[2] ?? '600');
const concurrency = Number(process.argv[3] ?? '1');
const warmup = Number(process.argv[4] ?? '30');
const settleMs = Number(process.env.SETTLE_MS ?? '0');
const server = await startBenchServer(FINE);
const factories: [string, ImplementationFactory][] = [
  ['raw', rawUndici],
  ['run()', ours],
  ['streamRun final', oursStreamFinal],
  ['streamRun iterate', oursStreamed],
];
// Optional 5th argument: the order of the interleaving, e.g. `raw,streamRun iterate,run()` (a subset
// is fine; the first named is the baseline of the ratios).
const order = process.argv[5]?.split(',');
const chosen =
  order === undefined
    ? factories
    : order.map((name) => {
        const found = factories.find(([known]) => known === name);
        if (found === undefined)
          throw new Error(`stream-split: unknown implementation ${JSON.stringify(name)}`);
        return found;
      });
const setups = chosen.map(([name, factory]) => ({
  name,
  impl: factory({ url: server.url, apiKey: server.apiKey, concurrency: 50, workload: FINE }),
  cpu: [] as number[],
  main: [] as number[],
  windows: [] as [number, number][],
  gcMs: 0,
}));
const gcs: { start: number; duration: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcs.push({ start: entry.startTime, duration: entry.duration });
});
observer.observe({ entryTypes: ['gc'] });
const batch = (impl: { runOnce(): Promise<string> }) =>
  concurrency === 1 ? impl.runOnce() : Promise.all(Array.from({ length: concurrency }, () => impl.runOnce()));
const rounds = Math.max(1, Math.round(runs / concurrency));
try {
  for (const { impl } of setups) for (let i = 0; i < warmup; i++) await batch(impl);
  for (let i = 0; i < rounds; i++)
    for (const s of setups) {
      const start = performance.now();
      const before = process.cpuUsage();
      const mainBefore = process.threadCpuUsage();
      await batch(s.impl);
      const mainUsed = process.threadCpuUsage(mainBefore);
      const used = process.cpuUsage(before);
      s.main.push((mainUsed.user + mainUsed.system) / 1000 / concurrency);
      // SETTLE_MS=n: let what a run leaves behind (a closed socket's teardown, a background drain) run
      // outside the next implementation's measured window.
      if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
      s.windows.push([start, performance.now()]);
      s.cpu.push((used.user + used.system) / 1000 / concurrency);
    }
} finally {
  for (const { impl } of setups) await impl.close();
  await server.close();
}
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();
for (const gc of gcs)
  for (const s of setups)
    if (s.windows.some(([from, to]) => gc.start >= from && gc.start < to)) s.gcMs += gc.duration;
const base = median(setups[0]?.cpu ?? []);
const mainBase = median(setups[0]?.main ?? []);
for (const s of setups) {
  const cpu = median(s.cpu);
  const main = median(s.main);
  console.log(
    `${s.name.padEnd(18)} process cpu ${cpu.toFixed(3)} ms/run (${(cpu / base).toFixed(2)}×)  main thread ${main.toFixed(3)} ms/run (${(main / mainBase).toFixed(2)}×)  gc ${((s.gcMs / rounds / concurrency) * 1000).toFixed(0)} µs/run`,
  );
}
