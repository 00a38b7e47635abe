import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScaleResult } from './lib/scale-child.js';
import { startBenchServer } from './lib/start-bench-server.js';
import { bytes, num, ratio, type Table } from './lib/table.js';

const RUNS = 1000;
const TRIALS = 2;
const NONE: ScaleResult = {
  wallMs: Number.POSITIVE_INFINITY,
  startRss: 0,
  peakRss: 0,
  errors: 0,
  eldP99Ms: 0,
};

function runTrial(name: string, url: string, apiKey: string): Promise<ScaleResult> {
  const entry = fileURLToPath(new URL('./lib/scale-child.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, entry, name, String(RUNS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_URL: url, BENCH_API_KEY: apiKey },
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ScaleResult);
      else reject(new Error(`scale trial ${name} exited with code ${String(code)}`));
    });
  });
}

/** Benchmark 4: 1,000 concurrent runs on one client against one local server; the raw loop as the baseline. */
export async function benchScale(): Promise<Table> {
  const server = await startBenchServer();
  const results: [string, ScaleResult][] = [
    ['ours', { ...NONE }],
    ['raw', { ...NONE }],
  ];
  try {
    // Alternating trials, the faster of each pair counts: load from elsewhere on the machine only slows a trial.
    for (let trial = 0; trial < TRIALS; trial++) {
      for (const entry of results) {
        const result = await runTrial(entry[0], server.url, server.apiKey);
        if (result.wallMs < entry[1].wallMs) entry[1] = result;
      }
    }
  } finally {
    await server.close();
  }
  const ours = results[0]?.[1];
  const raw = results[1]?.[1];
  if (ours === undefined || raw === undefined) throw new Error('scale: a trial is missing');
  const metric = (
    label: string,
    pick: (r: ScaleResult) => number,
    format: (n: number) => string,
  ): string[] => [
    label,
    format(pick(ours)),
    format(pick(raw)),
    pick(raw) === 0 ? '—' : ratio(pick(ours) / pick(raw)),
  ];
  const rows = [
    metric(
      'wall time (ms)',
      (r) => r.wallMs,
      (n) => num(n),
    ),
    metric(
      'runs per second',
      (r) => (RUNS / r.wallMs) * 1000,
      (n) => num(n),
    ),
    metric('peak RSS', (r) => r.peakRss, bytes),
    metric('RSS growth during the runs', (r) => r.peakRss - r.startRss, bytes),
    metric(
      'failed runs',
      (r) => r.errors,
      (n) => num(n),
    ),
    metric(
      'event-loop delay p99 (ms)',
      (r) => r.eldP99Ms,
      (n) => num(n, 1),
    ),
  ];
  const notes = [
    `Best of ${TRIALS} alternating trials (by wall time). Each implementation in its own process with one client: maxConcurrency ${RUNS} (the pool size), no requests-per-minute cap. The server runs in a third process. "failed runs" counts errors and runs without the expected final answer.`,
  ];
  for (const [name, r] of results)
    if (r.firstError !== undefined) notes.push(`${name}, first error: ${r.firstError}`);
  return {
    title: `4. Scale: ${num(RUNS)} concurrent runs on one client (4 requests each)`,
    columns: ['metric', 'ours: run()', 'raw undici loop', 'ours ÷ raw'],
    rows,
    notes,
  };
}
