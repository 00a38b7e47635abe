import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { measure, median } from './measure.js';
import { FINE } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx --expose-gc lib/cpu-split.ts [runs] [concurrency]`: user / system CPU per run of the fine-grained
// workload, ours (streamRun, run) and the raw loop interleaved; heap allocated per run. A quick check
// while cutting costs (benchmark 3b is the reference).
const runs = Number(process.argv[2] ?? '300');
const concurrency = Number(process.argv[3] ?? '1');
const server = await startBenchServer(FINE);
const setups = (
  [
    ['ours-stream', oursStreamed],
    ['ours', ours],
    ['raw', rawUndici],
  ] as const
).map(([name, factory]) => ({
  name,
  impl: factory({ url: server.url, apiKey: server.apiKey, concurrency: 50, workload: FINE }),
  user: [] as number[],
  sys: [] as number[],
  heap: [] as number[],
}));
const batch = (impl: { runOnce(): Promise<string> }) =>
  concurrency === 1 ? impl.runOnce() : Promise.all(Array.from({ length: concurrency }, () => impl.runOnce()));
try {
  for (const { impl } of setups) for (let i = 0; i < 30; i++) await batch(impl);
  const rounds = Math.max(1, Math.round(runs / concurrency));
  for (let i = 0; i < rounds; i++)
    for (const s of setups) {
      const before = process.cpuUsage();
      await batch(s.impl);
      const used = process.cpuUsage(before);
      s.user.push(used.user / 1000 / concurrency);
      s.sys.push(used.system / 1000 / concurrency);
    }
  for (let i = 0; i < 3; i++)
    for (const s of setups) {
      const m = await measure(async () => {
        for (let j = 0; j < 30; j++) await batch(s.impl);
      });
      s.heap.push(m.allocatedBytes / 30 / concurrency);
    }
} finally {
  for (const { impl } of setups) await impl.close();
  await server.close();
}
const raw = setups[2];
const total = (s: (typeof setups)[number]) => median(s.user.map((u, i) => u + (s.sys[i] ?? 0)));
for (const s of setups)
  console.log(
    `${s.name.padEnd(12)} user ${median(s.user).toFixed(3)} sys ${median(s.sys).toFixed(3)} total ${total(s).toFixed(3)} ms/run (${(total(s) / total(raw as (typeof setups)[number])).toFixed(2)}×)  heap ${(median(s.heap) / 1024).toFixed(1)} KiB/run`,
  );
