import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { collectGarbage } from './measure.js';
import { toolProbe, workloadNamed } from './scenario.js';

/** What one scale trial reports back (as one JSON line on stdout). */
export interface ScaleResult {
  wallMs: number;
  /** CPU time of the whole trial (user + system). */
  cpuMs: number;
  startRss: number;
  peakRss: number;
  /** Live heap above the idle heap (both after a forced GC) while the runs wait in a tool, per run in flight. */
  heapPerRun: number;
  errors: number;
  eldP50Ms: number;
  eldP99Ms: number;
  eldMaxMs: number;
  firstError?: string;
}

// `scale-child.ts <ours|ours-stream|raw> <runs> [coarse|fine] [sequential]`. One process per
// implementation, so that each one's peak RSS is its own. `sequential` runs them one after another.
const factories: Record<string, ImplementationFactory> = {
  ours,
  'ours-stream': oursStreamed,
  raw: rawUndici,
};
const [name = '', runsArg = '1000', workloadName, mode] = process.argv.slice(2);
const sequential = mode === 'sequential';
const factory = factories[name];
const url = process.env.BENCH_URL ?? '';
const apiKey = process.env.BENCH_API_KEY ?? '';
if (factory === undefined) throw new Error(`scale-child: unknown implementation ${JSON.stringify(name)}.`);
const runs = Number(runsArg);
const workload = workloadNamed(workloadName);

const impl = factory({ url, apiKey, concurrency: runs, workload });
// Warm the code paths (compiled, optimised), not the pool, so the idle heap below already holds the code.
for (let i = 0; i < 20; i++) await impl.runOnce();
collectGarbage();
const idleHeap = process.memoryUsage().heapUsed;
const startRss = process.memoryUsage.rss();
let peakRss = startRss;
let heapPerRun = 0;
let completed = 0;
// Once as many stock checks ran as there are runs (about half of all checks for the fine workload, a
// third for the coarse one), every run is in flight: one forced GC shows what they hold while they wait.
let checks = 0;
toolProbe.onCheckStock = () => {
  checks += 1;
  if (checks !== runs) return;
  collectGarbage();
  heapPerRun = (process.memoryUsage().heapUsed - idleHeap) / (sequential ? 1 : Math.max(1, runs - completed));
};
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 5);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let errors = 0;
let firstError: string | undefined;
const cpuBefore = process.cpuUsage();
const start = performance.now();
const one = (): Promise<void> =>
  impl.runOnce().then(
    (out) => {
      completed += 1;
      if (out !== workload.finalText) {
        errors++;
        firstError ??= `unexpected final output ${JSON.stringify(out).slice(0, 80)}`;
      }
    },
    (error: unknown) => {
      completed += 1;
      errors++;
      firstError ??= String(error);
    },
  );
if (sequential) for (let i = 0; i < runs; i++) await one();
else await Promise.all(Array.from({ length: runs }, one));
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
delay.disable();
clearInterval(sampler);
toolProbe.onCheckStock = undefined;
peakRss = Math.max(peakRss, process.memoryUsage.rss());
await impl.close();
const result: ScaleResult = {
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  startRss,
  peakRss,
  heapPerRun,
  errors,
  eldP50Ms: delay.percentile(50) / 1e6,
  eldP99Ms: delay.percentile(99) / 1e6,
  eldMaxMs: delay.max / 1e6,
};
if (firstError !== undefined) result.firstError = firstError;
process.stdout.write(`${JSON.stringify(result)}\n`);
