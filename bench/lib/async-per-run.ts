import { createHook } from 'node:async_hooks';
import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { workloadNamed } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx lib/async-per-run.ts <impl> [workload] [runs]`: async resources made per sequential run (promises,
// Node `Timeout`s, ticks, …), counted by an async hook: a load-independent measure of the work per run.
const factories: Record<string, ImplementationFactory> = {
  ours,
  'ours-stream': oursStreamed,
  raw: rawUndici,
};
const [name = 'ours', workloadName = 'fine', runsArg = '100'] = process.argv.slice(2);
const factory = factories[name];
if (factory === undefined) throw new Error(`async-per-run: unknown implementation ${JSON.stringify(name)}.`);
const runs = Number(runsArg);
const counts = new Map<string, number>();
let counting = false;
createHook({
  init(_id, type) {
    if (counting) counts.set(type, (counts.get(type) ?? 0) + 1);
  },
}).enable();
const workload = workloadNamed(workloadName);
const server = await startBenchServer(workload);
const impl = factory({ url: server.url, apiKey: server.apiKey, concurrency: 8, workload });
try {
  for (let i = 0; i < 20; i++) await impl.runOnce();
  counting = true;
  for (let i = 0; i < runs; i++) await impl.runOnce();
  counting = false;
} finally {
  await impl.close();
  await server.close();
}
for (const [type, count] of [...counts].sort((a, b) => b[1] - a[1]))
  console.log(`${(count / runs).toFixed(2).padStart(8)}  ${type}`);
