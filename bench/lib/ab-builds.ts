import { pathToFileURL } from 'node:url';
import { shopAgent } from '../peers/ours.js';
import { median, rotated } from './measure.js';
import { FINE, PROMPT, TOOL_TURNS } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx lib/ab-builds.ts <checkout A> <checkout B> [rounds]`: the fine-grained workload, sequential,
// through `run()` and `streamRun()` of two checkouts' built packages in one process, so that two commits'
// CPU per run is compared under the same load. As benchmark 3b does, each round runs a block of
// `BLOCK_RUNS` runs of each of the four in a rotating order and does not count the first run of a block
// (the first run after a switch costs more, most likely in the CPU's caches). Each checkout must have
// been built (`pnpm build`); its packages resolve their own dependencies.

interface Variant {
  name: string;
  once: () => Promise<string>;
  cpu: number[];
}

async function variantsOf(label: string, root: string, url: string, apiKey: string): Promise<Variant[]> {
  const load = (pkg: string) => import(pathToFileURL(`${root}/packages/${pkg}/dist/index.js`).href);
  const [core, runner, tools] = await Promise.all([load('core'), load('runner'), load('tools')]);
  const client = core.createClient({ baseURL: url, apiKey, maxConcurrency: 50, requestsPerMinute: Infinity });
  // The agent with this checkout's `tool()`: the same tools, built by the build under test.
  const agent = shopAgent(tools.tool);
  const options = () => ({ client, agent, input: PROMPT, maxTurns: TOOL_TURNS + 2 });
  return [
    { name: `${label} run()`, cpu: [], once: async () => (await runner.run(options())).finalOutput },
    {
      name: `${label} streamRun()`,
      cpu: [],
      once: async () => {
        const stream = runner.streamRun(options());
        for await (const _event of stream) {
          // every event consumed
        }
        return (await stream.finalResult()).finalOutput;
      },
    },
  ];
}

const BLOCK_RUNS = 6;
const [rootA, rootB, roundsArg] = process.argv.slice(2);
if (rootA === undefined || rootB === undefined)
  throw new Error('usage: ab-builds.ts <checkout A> <checkout B> [rounds]');
const rounds = Number(roundsArg ?? 100);
const server = await startBenchServer(FINE);
try {
  const variants = [
    ...(await variantsOf('A', rootA, server.url, server.apiKey)),
    ...(await variantsOf('B', rootB, server.url, server.apiKey)),
  ];
  for (const v of variants) {
    for (let i = 0; i < 40; i++) {
      const out = await v.once();
      if (out !== FINE.finalText) throw new Error(`${v.name}: wrong answer ${out}`);
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const v of rotated(variants, round)) {
      await v.once();
      for (let i = 1; i < BLOCK_RUNS; i++) {
        const before = process.cpuUsage();
        await v.once();
        const used = process.cpuUsage(before);
        v.cpu.push((used.user + used.system) / 1000);
      }
    }
  }
  const base = median((variants[0] as Variant).cpu);
  for (const v of variants)
    console.log(`${v.name.padEnd(16)} ${median(v.cpu).toFixed(3)} ms  ${(median(v.cpu) / base).toFixed(3)}×`);
} finally {
  await server.close();
}
