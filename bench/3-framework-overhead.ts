import { measure, median } from './lib/measure.js';
import { FINAL_TEXT, REQUESTS_PER_RUN } from './lib/scenario.js';
import { startBenchServer } from './lib/start-bench-server.js';
import { bytes, num, ratio, type Table } from './lib/table.js';
import { aiSdk } from './peers/ai-sdk.js';
import type { ImplementationFactory } from './peers/implementation.js';
import { openaiAgents } from './peers/openai-agents.js';
import { ours } from './peers/ours.js';
import { oursOtel } from './peers/ours-otel.js';
import { rawUndici } from './peers/raw-undici.js';

const WARMUP_RUNS = 30;
/** Timed runs per implementation, interleaved one by one with the other implementations. */
const TIMED_RUNS = 200;
/** Heap is measured over batches (the GC profiler would distort single runs). */
const HEAP_BATCHES = 3;
const HEAP_BATCH_RUNS = 30;

const implementations: [string, ImplementationFactory][] = [
  ['ours: run()', ours],
  ['ours: run() traced (@mimo-agents/otel, in-memory)', oursOtel],
  ['@openai/agents', openaiAgents],
  ['Vercel AI SDK (ai + @ai-sdk/openai)', aiSdk],
  ['raw undici loop', rawUndici],
];

interface Samples {
  cpuMs: number[];
  wallMs: number[];
  heapBytes: number[];
}

/**
 * Benchmark 3: the same agent (3 turns × 2 parallel calls, then a final text; all streamed) with our
 * `run()`, @openai/agents, the Vercel AI SDK and a raw undici loop, against one server in a child
 * process. Runs are sequential and interleaved (ours, SDK, SDK, raw, ours, …) so that load on the
 * machine hits all alike; the table shows medians of the single-run figures.
 */
export async function benchFrameworkOverhead(): Promise<Table> {
  const server = await startBenchServer();
  const samples = new Map<string, Samples>(
    implementations.map(([name]) => [name, { cpuMs: [], wallMs: [], heapBytes: [] }]),
  );
  const setups = implementations.map(([name, factory]) => ({
    name,
    impl: factory({ url: server.url, apiKey: server.apiKey, concurrency: 8 }),
    samples: samples.get(name) as Samples,
  }));
  try {
    for (const { impl, name } of setups) {
      for (let i = 0; i < WARMUP_RUNS; i++) {
        const out = await impl.runOnce();
        if (out !== FINAL_TEXT)
          throw new Error(`${name} did not finish the scenario: ${JSON.stringify(out)}`);
      }
    }
    for (let i = 0; i < TIMED_RUNS; i++) {
      for (const { impl, samples: own } of setups) {
        const cpu = process.cpuUsage();
        const start = performance.now();
        await impl.runOnce();
        own.wallMs.push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        own.cpuMs.push((used.user + used.system) / 1000);
      }
    }
    for (let batch = 0; batch < HEAP_BATCHES; batch++) {
      for (const { impl, samples: own } of setups) {
        const m = await measure(async () => {
          for (let i = 0; i < HEAP_BATCH_RUNS; i++) await impl.runOnce();
        });
        own.heapBytes.push(m.allocatedBytes / HEAP_BATCH_RUNS);
      }
    }
  } finally {
    for (const { impl } of setups) await impl.close();
    await server.close();
  }
  const mid = (name: string, key: keyof Samples): number => median(samples.get(name)?.[key] ?? []);
  const base = implementations[0]?.[0] ?? '';
  const rows = implementations.map(([name]) => [
    name,
    num(mid(name, 'cpuMs'), 2),
    num(mid(name, 'wallMs'), 2),
    bytes(mid(name, 'heapBytes')),
    name === base ? '—' : ratio(mid(base, 'cpuMs') / mid(name, 'cpuMs')),
    name === base ? '—' : ratio(mid(base, 'heapBytes') / mid(name, 'heapBytes')),
  ]);
  return {
    title: `3. Framework overhead per run (${REQUESTS_PER_RUN - 1} tool turns × 2 parallel calls + final answer, streamed)`,
    columns: [
      'implementation',
      'CPU ms/run',
      'wall ms/run',
      'heap allocated/run',
      'ours ÷ it (CPU)',
      'ours ÷ it (heap)',
    ],
    rows,
    notes: [
      `Client-side process only (the server runs in a child process). ${TIMED_RUNS} sequential runs each, interleaved one by one across the implementations, after ${WARMUP_RUNS} warm-up runs each; medians of the single runs.`,
      'The traced row is `run()` with `otelInstrumentation()` recording to in-memory span and metric exporters (11 spans per run, no content): the cost of tracing itself.',
      'Ratios below 1.00× mean ours costs less. Goal: below 1 against both SDKs, at most 1.2× against the raw loop.',
      `Heap allocated counts every byte put on the V8 heap during the runs (what the GC has to clean up), via the GC profiler: median of ${HEAP_BATCHES} batches of ${HEAP_BATCH_RUNS} runs.`,
    ],
  };
}
