import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
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

// `pnpm bench` runs all seven (3 has two workloads, 3 and 3b); `pnpm bench 1 3` (or `tsx … index.ts 2`) runs
// only those. Each one runs in a process of its own (this file again, with `--in-process <id>`), so that
// none inherits another's heap or compiled code: 3b measured after 1–3 in one process put ours at
// 1.12–1.23× the raw loop's CPU, where alone it was 1.03–1.07× (the SDKs' and the traced run's code
// and heap left behind).
const benches: [string, () => Promise<Table>][] = [
  ['1', benchSseParsing],
  ['2', benchCallAccumulation],
  ['3', benchFrameworkOverhead],
  ['3b', benchFineGrained],
  ['4', benchScale],
  ['5', benchStreamFuzz],
  ['6', benchContext],
  ['7', benchInspector],
];
const IN_PROCESS = '--in-process';
const inProcess = process.argv.indexOf(IN_PROCESS);
if (inProcess >= 0) {
  const id = process.argv[inProcess + 1];
  const bench = benches.find(([name]) => name === id)?.[1];
  if (bench === undefined) throw new Error(`bench: no benchmark ${JSON.stringify(id)}`);
  const start = performance.now();
  console.log(`${formatTable(await bench())}\n`);
  console.log(`\n(${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
  process.exit(0);
}

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
const self = fileURLToPath(import.meta.url);
for (const [id] of benches) {
  if (wanted.length > 0 && !wanted.includes(id.slice(0, 1))) continue;
  // The same Node flags (tsx's loader, --expose-gc, a source condition) as this process.
  const child = spawnSync(process.execPath, [...process.execArgv, self, IN_PROCESS, id], {
    stdio: 'inherit',
  });
  if (child.status !== 0)
    throw new Error(
      `bench: benchmark ${id} failed (${String(child.error ?? child.signal ?? child.status)}); its output is above.`,
    );
}
