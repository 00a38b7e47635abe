import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ImplementationFactory } from '../peers/implementation.js';
import { ours } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { collectGarbage } from './measure.js';
import { FINAL_TEXT } from './scenario.js';

/** What one scale trial reports back (as one JSON line on stdout). */
export interface ScaleResult {
  wallMs: number;
  startRss: number;
  peakRss: number;
  errors: number;
  eldP99Ms: number;
  firstError?: string;
}

// One process per implementation, so that each one's peak RSS is its own.
const factories: Record<string, ImplementationFactory> = { ours, raw: rawUndici };
const [name = '', runsArg = '1000'] = process.argv.slice(2);
const factory = factories[name];
const url = process.env.BENCH_URL ?? '';
const apiKey = process.env.BENCH_API_KEY ?? '';
if (factory === undefined) throw new Error(`scale-child: unknown implementation ${JSON.stringify(name)}.`);
const runs = Number(runsArg);

const impl = factory({ url, apiKey, concurrency: runs });
await impl.runOnce(); // warm the code paths, not the pool
collectGarbage();
const startRss = process.memoryUsage.rss();
let peakRss = startRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 5);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let errors = 0;
let firstError: string | undefined;
const start = performance.now();
await Promise.all(
  Array.from({ length: runs }, () =>
    impl.runOnce().then(
      (out) => {
        if (out !== FINAL_TEXT) {
          errors++;
          firstError ??= `unexpected final output ${JSON.stringify(out).slice(0, 80)}`;
        }
      },
      (error: unknown) => {
        errors++;
        firstError ??= String(error);
      },
    ),
  ),
);
const wallMs = performance.now() - start;
delay.disable();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
await impl.close();
const result: ScaleResult = { wallMs, startRss, peakRss, errors, eldP99Ms: delay.percentile(99) / 1e6 };
if (firstError !== undefined) result.firstError = firstError;
process.stdout.write(`${JSON.stringify(result)}\n`);
