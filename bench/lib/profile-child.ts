import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { workloadNamed } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx --cpu-prof --cpu-prof-dir=<dir> lib/profile-child.ts <impl> <workload> <runs>`: sequential runs of
// one implementation, for a CPU profile (summarise it with `lib/summarize-profile.ts`).
const factories: Record<string, ImplementationFactory> = {
  ours,
  'ours-stream': oursStreamed,
  raw: rawUndici,
};
const [name = 'ours-stream', workloadName = 'fine', runsArg = '500'] = process.argv.slice(2);
const factory = factories[name];
if (factory === undefined) throw new Error(`profile-child: unknown implementation ${JSON.stringify(name)}.`);
const workload = workloadNamed(workloadName);
const server = await startBenchServer(workload);
const impl = factory({ url: server.url, apiKey: server.apiKey, concurrency: 8, workload });
try {
  for (let i = 0; i < Number(runsArg); i++) {
    const out = await impl.runOnce();
    if (out !== workload.finalText) throw new Error(`unexpected final output ${JSON.stringify(out)}`);
  }
} finally {
  await impl.close();
  await server.close();
}
