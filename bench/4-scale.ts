import type { ScaleResult } from './lib/scale-child.js';
import { runScaleTrial } from './lib/scale-trial.js';
import { COARSE } from './lib/scenario.js';
import { startBenchServer } from './lib/start-bench-server.js';
import { bytes, num, ratio, type Table } from './lib/table.js';

/** Concurrent runs per trial, and how many alternating trials each size gets (10,000 runs take a while). */
const SIZES: [runs: number, trials: number][] = [
  [1000, 2],
  [10_000, 1],
];

/**
 * Benchmark 4: 1,000 and 10,000 concurrent runs (4 requests, 6 tool calls each) on one client against
 * one local server; the raw loop as the baseline, each implementation in its own process.
 */
export async function benchScale(): Promise<Table> {
  const server = await startBenchServer(COARSE);
  const rows: string[][] = [];
  const notes: string[] = [];
  try {
    for (const [runs, trials] of SIZES) {
      let ours: ScaleResult | undefined;
      let raw: ScaleResult | undefined;
      // Alternating trials, the faster of each pair counts: load from elsewhere on the machine only slows a trial.
      for (let trial = 0; trial < trials; trial++) {
        const a = await runScaleTrial('ours', runs, COARSE, server);
        if (ours === undefined || a.wallMs < ours.wallMs) ours = a;
        const b = await runScaleTrial('raw', runs, COARSE, server);
        if (raw === undefined || b.wallMs < raw.wallMs) raw = b;
      }
      if (ours === undefined || raw === undefined) throw new Error('scale: a trial is missing');
      rows.push(...sizeRows(runs, ours, raw));
      for (const [name, r] of [
        ['ours', ours],
        ['raw', raw],
      ] as const)
        if (r.firstError !== undefined)
          notes.push(`${num(runs)} runs, ${name}, first error: ${r.firstError}`);
    }
  } finally {
    await server.close();
  }
  notes.unshift(
    `Best of ${SIZES.map(([runs, trials]) => `${trials} (${num(runs)} runs)`).join(', ')} alternating trials by wall time. Each implementation in its own process with one client: maxConcurrency = the number of runs (the pool size), no requests-per-minute cap; ours is run() with its defaults (validation, history check, retries, timeouts, redaction on; no checkpoint store). The server runs in a third process. "failed runs" counts errors and runs without the expected final answer.`,
    'Heap after GC per run in flight: one forced GC once as many stock checks ran as there are runs (every run is then in flight, waiting in or between tool turns), live heap above the idle heap, divided by the runs not yet finished. The forced GC also shows in the event-loop delay max of both.',
  );
  return {
    title: '4. Scale: 1,000 and 10,000 concurrent runs on one client (4 requests, 6 tool calls each)',
    columns: ['runs', 'metric', 'ours: run()', 'raw undici loop', 'ours ÷ raw'],
    rows,
    notes,
  };
}

function sizeRows(runs: number, ours: ScaleResult, raw: ScaleResult): string[][] {
  const metric = (
    label: string,
    pick: (r: ScaleResult) => number,
    format: (n: number) => string,
  ): string[] => [
    num(runs),
    label,
    format(pick(ours)),
    format(pick(raw)),
    pick(raw) === 0 ? '—' : ratio(pick(ours) / pick(raw)),
  ];
  const ms = (digits: number) => (n: number) => num(n, digits);
  return [
    metric('wall time (ms)', (r) => r.wallMs, ms(0)),
    metric('runs per second', (r) => (runs / r.wallMs) * 1000, ms(0)),
    metric('CPU (ms)', (r) => r.cpuMs, ms(0)),
    metric('peak RSS', (r) => r.peakRss, bytes),
    metric('RSS growth during the runs', (r) => r.peakRss - r.startRss, bytes),
    metric('peak V8 heap reserved', (r) => r.peakHeapTotal, bytes),
    metric('peak external memory (buffers)', (r) => r.peakExternal, bytes),
    metric('heap after GC per run in flight', (r) => r.heapPerRun, bytes),
    metric('failed runs', (r) => r.errors, ms(0)),
    metric('event-loop delay p50 (ms)', (r) => r.eldP50Ms, ms(1)),
    metric('event-loop delay p99 (ms)', (r) => r.eldP99Ms, ms(1)),
    metric('event-loop delay max (ms)', (r) => r.eldMaxMs, ms(1)),
  ];
}
