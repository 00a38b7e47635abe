import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { collectGarbage, median } from './measure.js';
import { toolProbe, workloadNamed } from './scenario.js';

/** What one scale trial reports back (as one JSON line on stdout). */
export interface ScaleResult {
  wallMs: number;
  /** CPU time of the whole trial (user + system). */
  cpuMs: number;
  startRss: number;
  peakRss: number;
  /** Peak V8 heap reserved (`heapTotal`), sampled every 100 ms: live objects plus garbage not yet collected. */
  peakHeapTotal: number;
  /** Peak memory outside the V8 heap (`external`: buffers, sockets' native memory), sampled every 100 ms. */
  peakExternal: number;
  /** Live heap above the idle heap (both after a forced GC) while the runs wait in a tool, per run in flight. */
  heapPerRun: number;
  errors: number;
  eldP50Ms: number;
  eldP99Ms: number;
  eldMaxMs: number;
  firstError?: string;
}

// `scale-child.ts <ours|ours-stream|raw> <runs> [coarse|fine] [concurrent|sequential|batches]`. One
// process per implementation, so that each one's peak RSS is its own. `sequential` runs them one after
// another; `batches` runs BATCHES batches of `runs` concurrent runs one after another.
const factories: Record<string, ImplementationFactory> = {
  ours,
  'ours-stream': oursStreamed,
  raw: rawUndici,
};
const [name = '', runsArg = '1000', workloadName, mode] = process.argv.slice(2);
const sequential = mode === 'sequential';
const batched = mode === 'batches';
/** Batches in a `batches` trial; the heap pairs are taken over the second half. */
const BATCHES = 8;
const factory = factories[name];
const url = process.env.BENCH_URL ?? '';
const apiKey = process.env.BENCH_API_KEY ?? '';
if (factory === undefined) throw new Error(`scale-child: unknown implementation ${JSON.stringify(name)}.`);
const runs = Number(runsArg);
const workload = workloadNamed(workloadName);

const impl = factory({ url, apiKey, concurrency: runs, workload });
// Warm the code paths (compiled, optimised), not the pool, so the idle heap below already holds the code.
for (let i = 0; i < 20; i++) await impl.runOnce();
// Sequential: one more run of the same implementation stays parked in its first stock check for the
// whole trial. A process that keeps running agents keeps the object shapes (V8 maps) its runs use, as it
// keeps their compiled code; the forced GC between two sampled runs would drop them with no run alive,
// and the next run would rebuild them, so a pair would count once-per-process shapes as the run's.
let releaseKeeper: (() => void) | undefined;
let keeper: Promise<unknown> | undefined;
if (sequential) {
  const parked = new Promise<void>((resolve) => {
    toolProbe.onCheckStock = () => {
      toolProbe.onCheckStock = undefined;
      resolve();
      return new Promise<void>((release) => {
        releaseKeeper = release;
      });
    };
  });
  keeper = impl.runOnce();
  await parked;
}
collectGarbage();
const idleHeap = process.memoryUsage().heapUsed;
const startRss = process.memoryUsage.rss();
let peakRss = startRss;
let heapPerRun = 0;
let completed = 0;
// Concurrent: once as many stock checks ran as there are runs (about half of all checks for the fine
// workload, a third for the coarse one), every run is in flight: one forced GC shows what they hold
// while they wait, above the idle heap taken after the warm-up.
// Sequential (beside the parked run above): one run in flight is ~10 KiB against ±100 KiB of code V8 compiles or flushes between the
// idle point and a later one, so each sample is a pair taken close together: a forced GC while the run
// waits in its first stock check, and one right after that run ends (before the next starts). The
// figure is the median of the pairs over the second half of the trial.
// Batches: the same pairs for a batch (a forced GC once every run of the batch is in flight, one
// after the batch ended), because 50 runs' ~0.5 MiB is also within the compiled-code drift; the
// median pair is divided by the batch's runs.
let checks = 0;
let batch = 0;
let batchChecks = 0;
const pairs: number[] = [];
let inFlightHeap: number | undefined;
const perRun = workload.toolTurns;
/** How long a sampled sequential run waits in its tool before the GC (the other call and the stream settle). */
const SETTLE_MS = 20;
toolProbe.onCheckStock = () => {
  checks += 1;
  if (sequential) {
    if (completed < runs / 2 || (checks - 1) % perRun !== 0) return;
    // Parked in the tool for a moment, so that what the turn's stream still finishes settles first.
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        collectGarbage();
        inFlightHeap = process.memoryUsage().heapUsed;
        resolve();
      }, SETTLE_MS),
    );
  }
  if (batched) {
    batchChecks += 1;
    if (batchChecks !== runs || batch < BATCHES / 2) return;
    collectGarbage();
    inFlightHeap = process.memoryUsage().heapUsed;
    return;
  }
  if (checks !== runs) return;
  collectGarbage();
  heapPerRun = (process.memoryUsage().heapUsed - idleHeap) / Math.max(1, runs - completed);
};
const afterRun = async (): Promise<void> => {
  if (inFlightHeap === undefined) return;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  collectGarbage();
  pairs.push(inFlightHeap - process.memoryUsage().heapUsed);
  inFlightHeap = undefined;
};
let peakHeapTotal = 0;
let peakExternal = 0;
let samples = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  // The full reading walks the heap's spaces: every 20th sample (100 ms) is enough for these two.
  if (++samples % 20 !== 0) return;
  const memory = process.memoryUsage();
  peakHeapTotal = Math.max(peakHeapTotal, memory.heapTotal);
  peakExternal = Math.max(peakExternal, memory.external);
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
if (sequential)
  for (let i = 0; i < runs; i++) {
    await one();
    await afterRun();
  }
else if (batched)
  for (batch = 0; batch < BATCHES; batch++) {
    batchChecks = 0;
    await Promise.all(Array.from({ length: runs }, one));
    await afterRun();
  }
else await Promise.all(Array.from({ length: runs }, one));
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
delay.disable();
clearInterval(sampler);
toolProbe.onCheckStock = undefined;
peakRss = Math.max(peakRss, process.memoryUsage.rss());
if (sequential) heapPerRun = median(pairs);
if (batched) heapPerRun = median(pairs) / runs;
releaseKeeper?.();
if (keeper !== undefined && (await keeper) !== workload.finalText) {
  errors++;
  firstError ??= 'the parked run did not finish the scenario';
}
await impl.close();
const result: ScaleResult = {
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  startRss,
  peakRss,
  peakHeapTotal,
  peakExternal,
  heapPerRun,
  errors,
  eldP50Ms: delay.percentile(50) / 1e6,
  eldP99Ms: delay.percentile(99) / 1e6,
  eldMaxMs: delay.max / 1e6,
};
if (firstError !== undefined) result.firstError = firstError;
process.stdout.write(`${JSON.stringify(result)}\n`);
