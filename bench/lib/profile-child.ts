import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { workloadNamed } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `node --import tsx --cpu-prof --cpu-prof-interval=50 --cpu-prof-dir=<dir> lib/profile-child.ts <impl> <workload>
// <runs> [concurrency]` (node with tsx's loader: `tsx --cpu-prof …` gave a profile of module loading only): runs
// of one implementation, for a CPU profile (summarise it with `lib/summarize-profile.ts`); sequential, or
// in batches of `concurrency` at once (as benchmark 3b's concurrent half: the client's and the pool's
// connections are then `concurrency` too).
const factories: Record<string, ImplementationFactory> = {
  ours,
  'ours-stream': oursStreamed,
  raw: rawUndici,
};
const [name = 'ours-stream', workloadName = 'fine', runsArg = '500', concurrencyArg = '1'] =
  process.argv.slice(2);
const batch = Math.max(1, Number(concurrencyArg));
const factory = factories[name];
if (factory === undefined) throw new Error(`profile-child: unknown implementation ${JSON.stringify(name)}.`);
const workload = workloadNamed(workloadName);
const server = await startBenchServer(workload);
const impl = factory({
  url: server.url,
  apiKey: server.apiKey,
  concurrency: batch > 1 ? batch : 8,
  workload,
});
try {
  const checked = async (): Promise<void> => {
    const out = await impl.runOnce();
    if (out !== workload.finalText) throw new Error(`unexpected final output ${JSON.stringify(out)}`);
  };
  for (let i = 0; i < Number(runsArg); i += batch) await Promise.all(Array.from({ length: batch }, checked));
} finally {
  await impl.close();
  await server.close();
}
