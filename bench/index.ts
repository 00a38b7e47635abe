import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildPackages, runsOnSources } from './lib/built-packages.js';
import { formatTable, type Table } from './lib/table.js';

// `pnpm bench` runs all seven (3 has two workloads, 3 and 3b); `pnpm bench 1 3b` (or `tsx … index.ts 2`)
// runs only those (`3` means 3 and 3b). Each one runs in a process of its own (this file again, with
// `--in-process <id>`), which imports only that benchmark's module, so that none inherits another's heap
// or compiled code: 3b after 3 in one process put ours at 1.11–1.26× the raw loop's CPU (sequential, 150
// rounds, two runs), alone at 1.04–1.08×. The modules are imported after the build, since they import the
// built packages.
const benches: [id: string, load: () => Promise<() => Promise<Table>>][] = [
  ['1', async () => (await import('./1-sse-parsing.js')).benchSseParsing],
  ['2', async () => (await import('./2-call-accumulation.js')).benchCallAccumulation],
  ['3', async () => (await import('./3-framework-overhead.js')).benchFrameworkOverhead],
  ['3b', async () => (await import('./3-fine-grained.js')).benchFineGrained],
  ['4', async () => (await import('./4-scale.js')).benchScale],
  ['5', async () => (await import('./5-stream-fuzz.js')).benchStreamFuzz],
  ['6', async () => (await import('./6-context.js')).benchContext],
  ['7', async () => (await import('./7-inspector.js')).benchInspector],
];
const IN_PROCESS = '--in-process';
const inProcess = process.argv.indexOf(IN_PROCESS);
if (inProcess >= 0) {
  const id = process.argv[inProcess + 1];
  const load = benches.find(([name]) => name === id)?.[1];
  if (load === undefined) throw new Error(`bench: no benchmark ${JSON.stringify(id)}`);
  const bench = await load();
  const start = performance.now();
  console.log(`${formatTable(await bench())}\n`);
  console.log(`\n(${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
  process.exit(0);
}

// Every benchmark measures the built packages (what npm installs) unless run with the sources condition.
buildPackages();
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((arg) => !benches.some(([id]) => id === arg || id.slice(0, 1) === arg));
if (unknown.length > 0)
  throw new Error(
    `bench: no benchmark ${unknown.map((arg) => JSON.stringify(arg)).join(', ')}. Fix: name some of ${benches.map(([id]) => id).join(', ')}.`,
  );

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
  if (wanted.length > 0 && !wanted.includes(id) && !wanted.includes(id.slice(0, 1))) continue;
  // The same Node flags (tsx's loader, --expose-gc, a source condition) as this process.
  const child = spawnSync(process.execPath, [...process.execArgv, self, IN_PROCESS, id], {
    stdio: 'inherit',
  });
  if (child.status !== 0)
    throw new Error(
      `bench: benchmark ${id} failed (${String(child.error ?? child.signal ?? child.status)}); its output is above.`,
    );
}
