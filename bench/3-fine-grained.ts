import { measure, median, rotated } from './lib/measure.js';
import type { ScaleResult } from './lib/scale-child.js';
import { runScaleTrial } from './lib/scale-trial.js';
import { FINE } from './lib/scenario.js';
import { startBenchServer } from './lib/start-bench-server.js';
import { bytes, num, ratio, type Table } from './lib/table.js';
import type { Implementation, ImplementationFactory } from './peers/implementation.js';
import { ours, oursStreamed } from './peers/ours.js';
import { rawUndici } from './peers/raw-undici.js';

const WARMUP_RUNS = 30;
/**
 * Sequential: rounds of one block per implementation (the order rotating each round); a block is
 * `BLOCK_RUNS` runs in a row, of which the first is not counted (see `sequentialBlock`).
 */
const SEQUENTIAL_ROUNDS = 150;
const BLOCK_RUNS = 6;
/** Timed sequential runs per implementation. */
const TIMED_RUNS = SEQUENTIAL_ROUNDS * (BLOCK_RUNS - 1);
/** Concurrent runs per batch, and timed batches per implementation (interleaved batch by batch, rotating). */
const CONCURRENCY = 50;
const TIMED_BATCHES = 48;
/** Heap allocation is measured over batches (the GC profiler would distort single runs). */
const HEAP_BATCHES = 3;
const HEAP_BATCH_RUNS = 30;
/** Own-process trials (heap after GC, RSS): runs per sequential trial, alternating trials per mode. */
const PROCESS_SEQUENTIAL_RUNS = 60;
const PROCESS_TRIALS = 2;

const implementations: [name: string, child: string, factory: ImplementationFactory][] = [
  ['ours: streamRun(), every event consumed', 'ours-stream', oursStreamed],
  ['ours: run()', 'ours', ours],
  ['raw undici loop', 'raw', rawUndici],
];

interface Samples {
  seqCpu: number[];
  seqWall: number[];
  seqHeap: number[];
  conCpu: number[];
  conWall: number[];
  conHeap: number[];
  seqProcess?: ScaleResult;
  conProcess?: ScaleResult;
}

async function checked(impl: Implementation, name: string): Promise<void> {
  const out = await impl.runOnce();
  if (out !== FINE.finalText) throw new Error(`${name} did not finish the scenario: ${JSON.stringify(out)}`);
}

/**
 * One block of sequential runs of one implementation: `BLOCK_RUNS` in a row, the first one untimed. The
 * first run after a switch costs +0.18–0.27 ms more, for ours and for the raw loop alike
 * (`lib/position-effect.ts`); not work left behind by the run before (a 3 ms pause at rest before each
 * run does not remove it), so most likely the CPU's caches and branch predictors warmed by the other
 * implementation's code, which a process running one agent framework does not pay. Timed one by one with
 * the order rotating, it fell unevenly: of three implementations, `streamRun()` ran right after the raw
 * loop in two rounds of three and `run()` in one, which put `streamRun()` at 1.15–1.25× the raw loop
 * where it is 1.10× warm.
 */
async function sequentialBlock(samples: { cpu: number[]; wall: number[] }, impl: Implementation) {
  await impl.runOnce();
  for (let i = 1; i < BLOCK_RUNS; i++) await timed(samples, 1, () => impl.runOnce());
}

async function timed(samples: { cpu: number[]; wall: number[] }, runs: number, work: () => Promise<unknown>) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  samples.wall.push((performance.now() - start) / runs);
  const used = process.cpuUsage(cpu);
  samples.cpu.push((used.user + used.system) / 1000 / runs);
}

/**
 * Benchmark 3b: the fine-grained workload (3 model turns, 4 tool calls, 4-character argument deltas,
 * 8-character text deltas, a 200-character answer) with `streamRun()` consuming every event, with
 * `run()`, and with the raw loop; sequential and 50 concurrent, interleaved; heap after GC and RSS from
 * each implementation in its own process.
 */
export async function benchFineGrained(): Promise<Table> {
  const server = await startBenchServer(FINE);
  const setups = implementations.map(([name, child, factory]) => ({
    name,
    child,
    impl: factory({ url: server.url, apiKey: server.apiKey, concurrency: CONCURRENCY, workload: FINE }),
    s: { seqCpu: [], seqWall: [], seqHeap: [], conCpu: [], conWall: [], conHeap: [] } as Samples,
  }));
  try {
    for (const { impl, name } of setups) for (let i = 0; i < WARMUP_RUNS; i++) await checked(impl, name);
    for (let i = 0; i < SEQUENTIAL_ROUNDS; i++)
      for (const { impl, s } of rotated(setups, i))
        await sequentialBlock({ cpu: s.seqCpu, wall: s.seqWall }, impl);
    for (let i = 0; i < TIMED_BATCHES; i++)
      for (const { impl, name, s } of rotated(setups, i))
        await timed({ cpu: s.conCpu, wall: s.conWall }, CONCURRENCY, () =>
          Promise.all(Array.from({ length: CONCURRENCY }, () => checked(impl, name))),
        );
    for (let batch = 0; batch < HEAP_BATCHES; batch++) {
      for (const { impl, s } of setups) {
        const seq = await measure(async () => {
          for (let i = 0; i < HEAP_BATCH_RUNS; i++) await impl.runOnce();
        });
        s.seqHeap.push(seq.allocatedBytes / HEAP_BATCH_RUNS);
        const con = await measure(() =>
          Promise.all(Array.from({ length: CONCURRENCY }, () => impl.runOnce())),
        );
        s.conHeap.push(con.allocatedBytes / CONCURRENCY);
      }
    }
    for (let trial = 0; trial < PROCESS_TRIALS; trial++) {
      for (const { child, s } of setups) {
        const seq = await runScaleTrial(child, PROCESS_SEQUENTIAL_RUNS, FINE, server, 'sequential');
        if (s.seqProcess === undefined || seq.peakRss < s.seqProcess.peakRss) s.seqProcess = seq;
        const con = await runScaleTrial(child, CONCURRENCY, FINE, server, 'batches');
        if (s.conProcess === undefined || con.peakRss < s.conProcess.peakRss) s.conProcess = con;
        if (seq.errors + con.errors > 0) throw new Error(`${child}: ${seq.firstError ?? con.firstError}`);
      }
    }
  } finally {
    for (const { impl } of setups) await impl.close();
    await server.close();
  }
  const raw = setups.at(-1)?.s;
  if (raw === undefined) throw new Error('fine-grained: no baseline');
  const rows: string[][] = [];
  for (const mode of ['sequential', `${CONCURRENCY} concurrent`] as const) {
    const seq = mode === 'sequential';
    const cpu = (s: Samples) => median(seq ? s.seqCpu : s.conCpu);
    const wall = (s: Samples) => median(seq ? s.seqWall : s.conWall);
    const heap = (s: Samples) => median(seq ? s.seqHeap : s.conHeap);
    const proc = (s: Samples) => (seq ? s.seqProcess : s.conProcess);
    const afterGc = (s: Samples) => (proc(s)?.heapPerRun ?? 0) * (seq ? 1 : CONCURRENCY);
    const rss = (s: Samples) => proc(s)?.peakRss ?? 0;
    for (const { name, s } of setups) {
      rows.push([
        mode,
        name,
        num(cpu(s), 2),
        num(wall(s), 2),
        bytes(heap(s)),
        bytes(afterGc(s)),
        bytes(rss(s)),
        ratio(cpu(s) / cpu(raw)),
        ratio(afterGc(s) / afterGc(raw)),
        ratio(rss(s) / rss(raw)),
      ]);
    }
  }
  return {
    title:
      '3b. Fine-grained workload (3 model turns, 4 tool calls, 4-char argument deltas, 8-char text deltas, 200-char answer)',
    columns: [
      'mode',
      'implementation',
      'CPU ms/run',
      'wall ms/run',
      'heap allocated/run',
      'heap after GC (runs in flight)',
      'peak RSS',
      'CPU ÷ raw',
      'heap after GC ÷ raw',
      'RSS ÷ raw',
    ],
    rows,
    notes: [
      `CPU, wall and heap allocated: one process for all three, after ${WARMUP_RUNS} warm-up runs each; sequential: medians of ${TIMED_RUNS} single runs, in ${SEQUENTIAL_ROUNDS} rounds of a block of ${BLOCK_RUNS} runs in a row per implementation whose first run is not counted (the first run after a switch of implementation costs 0.18–0.27 ms more, ours and the raw loop alike, most likely in the CPU's caches); concurrent: medians of ${TIMED_BATCHES} batches of ${CONCURRENCY} runs interleaved batch by batch; the order rotates each round (per run = batch ÷ ${CONCURRENCY}; wall per run in a batch is the batch's wall ÷ ${CONCURRENCY}). Heap allocated: GC profiler, median of ${HEAP_BATCHES} batches.`,
      `Heap after GC and peak RSS: each implementation in its own process (${PROCESS_SEQUENTIAL_RUNS} sequential runs, or 8 batches of ${CONCURRENCY} concurrent runs one after another), best of ${PROCESS_TRIALS} alternating trials by peak RSS. Heap after GC is measured in pairs of forced GCs taken close together, because a single idle point ±100 KiB of compiled code away would swamp a run's ~10 KiB: sequential, what the one run in flight holds (one GC while the run waits in its first tool call, one after it ended, each after 20 ms at rest; median over the trial's second half; one more run of the same implementation stays parked in a tool call through the trial, so that the object shapes every run of its kind uses, which a process running agents keeps like their compiled code, are not dropped by the GC between two runs and counted again for each); concurrent, one GC while every run of a batch is in flight and one after the batch ended (median over the last 4 batches, divided by ${CONCURRENCY}).`,
      'Ours runs with its defaults: request validation, the history check each turn, stream event shape validation, retries, timeouts and secret redaction on; no checkpoint store (checkpoints are measured by the checkpoint tests, not here).',
    ],
  };
}
