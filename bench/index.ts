import { cpus, totalmem } from 'node:os';
import { benchSseParsing } from './1-sse-parsing.js';
import { benchCallAccumulation } from './2-call-accumulation.js';
import { benchFineGrained } from './3-fine-grained.js';
import { benchFrameworkOverhead } from './3-framework-overhead.js';
import { benchScale } from './4-scale.js';
import { benchStreamFuzz } from './5-stream-fuzz.js';
import { benchContext } from './6-context.js';
import { benchInspector } from './7-inspector.js';
import { buildPackages, runsOnSources } from './lib/built-packages.js';
import { formatTable, type Table } from './lib/table.js';

// `pnpm bench` runs all seven (3 has two workloads); `pnpm bench 1 3` (or `tsx … index.ts 2`) runs only those.
const benches: [string, () => Promise<Table | Table[]>][] = [
  ['1', benchSseParsing],
  ['2', benchCallAccumulation],
  ['3', async () => [await benchFrameworkOverhead(), await benchFineGrained()]],
  ['4', benchScale],
  ['5', benchStreamFuzz],
  ['6', benchContext],
  ['7', benchInspector],
];
// Every benchmark measures the built packages (what npm installs) unless run with the sources condition.
buildPackages();
const wanted = process.argv.slice(2).filter((arg) => /^\d$/.test(arg));

const cpu = cpus();
console.log(
  `# mimo-agents benchmarks — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
    `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${process.platform}/${process.arch}, ` +
    `${runsOnSources() ? 'packages from their TypeScript sources (tsx)' : 'built packages (dist/)'}\n`,
);
if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  console.log('(run with --expose-gc for stable heap figures: `pnpm bench` does)\n');
}
for (const [id, bench] of benches) {
  if (wanted.length > 0 && !wanted.includes(id)) continue;
  const start = performance.now();
  const tables = await bench();
  for (const table of Array.isArray(tables) ? tables : [tables]) console.log(`${formatTable(table)}\n`);
  console.log(`\n(${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
}
