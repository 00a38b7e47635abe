import type { Implementation } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { median } from './measure.js';
import { FINE } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx lib/position-effect.ts [rounds]`: whether a run's CPU depends on what ran just before it. Rounds
// of the fine-grained workload alternate `raw, streamRun(), run()` and `raw, run(), streamRun()`; each
// implementation's main-thread CPU per run (median) is reported by position. (Neither implementation
// reopens connections between runs: what the run after the raw loop pays is work left behind, or colder
// caches; not pinned down.)
const rounds = Number(process.argv[2] ?? '600');
const server = await startBenchServer(FINE);
const make = (factory: typeof ours): Implementation =>
  factory({ url: server.url, apiKey: server.apiKey, concurrency: 50, workload: FINE });
const raw = make(rawUndici);
const run = make(ours);
const stream = make(oursStreamed);
const cpu = new Map<string, number[]>();
const timed = async (key: string, impl: Implementation): Promise<void> => {
  const before = process.threadCpuUsage();
  await impl.runOnce();
  const used = process.threadCpuUsage(before);
  const own = cpu.get(key) ?? [];
  own.push((used.user + used.system) / 1000);
  cpu.set(key, own);
};
try {
  for (let i = 0; i < 30; i++) for (const impl of [raw, run, stream]) await impl.runOnce();
  for (let round = 0; round < rounds; round++) {
    await timed('raw', raw);
    if (round % 2 === 0) {
      await timed('streamRun() right after raw', stream);
      await timed('run() second', run);
    } else {
      await timed('run() right after raw', run);
      await timed('streamRun() second', stream);
    }
  }
} finally {
  for (const impl of [raw, run, stream]) await impl.close();
  await server.close();
}
const base = median(cpu.get('raw') ?? []);
for (const [key, values] of cpu)
  console.log(
    `${key.padEnd(28)} ${median(values).toFixed(3)} ms/run main thread (${(median(values) / base).toFixed(2)}×)`,
  );
