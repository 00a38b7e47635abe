import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { type HeapGroup, heapGroups } from './heap-groups.js';
import { collectGarbage } from './measure.js';
import { COARSE, toolProbe } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `pnpm build && tsx --expose-gc lib/retained-per-run.ts <ours|ours-stream|raw> [runs] [top] [tool|request]`: what
// one run waiting in a tool call (or, with `request`, for the answer to its second request) holds, on the built packages (add `--conditions=@mimo-agents/source` for the
// TypeScript sources through tsx; see built-packages.ts for why the two differ). Starts `runs` runs of benchmark 4's agent, parks every one of them inside its first
// check_stock call, and compares a heap snapshot then with one taken idle (after the same warm-up,
// both after a forced GC): the difference, by constructor or kind, divided by the runs.
// `ours-stream`: the same runs through `streamRun()`, every event consumed with `for await` (what a
// streamed run waiting in a tool call holds beyond a `run()` one).
const factories: Record<string, ImplementationFactory> = {
  ours,
  'ours-stream': oursStreamed,
  raw: rawUndici,
};
const [name = 'ours', runsArg = '500', topArg = '30', where = 'tool'] = process.argv.slice(2);
const factory = factories[name];
if (factory === undefined)
  throw new Error(`retained-per-run: unknown implementation ${JSON.stringify(name)}.`);
const runs = Number(runsArg);
/** How long the server holds the second requests in `request` mode (the snapshot is taken meanwhile). */
const HOLD_MS = 20_000;
const server = await startBenchServer(COARSE);
const impl = factory({ url: server.url, apiKey: server.apiKey, concurrency: runs, workload: COARSE });
// Named by process: two measurements at once (other worktrees on the same machine) must not overwrite each other's snapshots.
const files = [
  join(tmpdir(), `retained-${name}-${process.pid}-idle.heapsnapshot`),
  join(tmpdir(), `retained-${name}-${process.pid}-parked.heapsnapshot`),
] as const;
try {
  for (let i = 0; i < 20; i++) await impl.runOnce();
  collectGarbage();
  writeHeapSnapshot(files[0]);
  const done = where === 'request' ? parkInRequest() : parkInTool();
  await done.parked;
  collectGarbage();
  writeHeapSnapshot(files[1]);
  done.release();
  const outputs = await done.finished;
  if (outputs.some((out) => out !== COARSE.finalText))
    throw new Error('retained-per-run: a run did not finish as scripted.');
} finally {
  await impl.close();
  await server.close();
}

const [idle, busy] = [heapGroups(files[0]), heapGroups(files[1])];
// RETAINED_KEEP=1 keeps the two snapshots (in the OS temp folder) for a closer look.
if (process.env.RETAINED_KEEP !== '1') for (const file of files) rmSync(file);
const rows: (HeapGroup & { key: string })[] = [];
for (const [key, group] of busy) {
  const before = idle.get(key) ?? { count: 0, bytes: 0 };
  rows.push({ key, count: group.count - before.count, bytes: group.bytes - before.bytes });
}
for (const [key, group] of idle)
  if (!busy.has(key)) rows.push({ key, count: -group.count, bytes: -group.bytes });
rows.sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
console.log(
  `${name}: ${runs} runs parked ${where === 'request' ? 'waiting for their second answer' : 'in a tool call'}; live heap above idle per run: ${(total / runs / 1024).toFixed(1)} KiB`,
);
// Machine code (and its relocation / deoptimisation data) compiled while the runs were parked is not
// held by any run: it is the JIT optimising functions first made hot by the parked batch. Shown apart,
// as it moves between trials and with the number of functions on the path, not with what a run holds.
const code = rows.filter((row) => row.key.startsWith('code:')).reduce((sum, row) => sum + row.bytes, 0);
console.log(
  `of which compiled code: ${(code / runs / 1024).toFixed(1)} KiB; without it: ${((total - code) / runs / 1024).toFixed(1)} KiB per run`,
);
console.log('| what (V8 constructor or kind) | objects per run | bytes per run |');
console.log('| --- | ---: | ---: |');
for (const row of rows.slice(0, Number(topArg)))
  console.log(`| ${row.key} | ${(row.count / runs).toFixed(1)} | ${Math.round(row.bytes / runs)} |`);

/** Starts the runs; `parked` resolves once every one waits in its first check_stock call, `release` lets them go on. */
function parkInTool(): { parked: Promise<void>; release: () => void; finished: Promise<string[]> } {
  let parked = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let allParked: () => void = () => {};
  const everyRunParked = new Promise<void>((resolve) => {
    allParked = resolve;
  });
  // Each run calls check_stock once in its first tool turn; none can go further until all are parked.
  toolProbe.onCheckStock = () => {
    parked += 1;
    if (parked === runs) {
      toolProbe.onCheckStock = undefined;
      allParked();
    }
    return gate;
  };
  const finished = Promise.all(Array.from({ length: runs }, () => impl.runOnce()));
  // Let the other call of the turn (lookup_price) settle too.
  return { parked: everyRunParked.then(() => pause(100)), release, finished };
}

/** Starts the runs with the server holding the answer to every second request; `parked` once all wait for it. */
function parkInRequest(): { parked: Promise<void>; release: () => void; finished: Promise<string[]> } {
  const finished = server
    .hold(HOLD_MS)
    .then(() => Promise.all(Array.from({ length: runs }, () => impl.runOnce())));
  const parked = (async () => {
    while ((await server.stats()).inFlight < runs) await pause(50);
    await server.hold(0);
    // A run still in its first request counted too: let those reach their held second request.
    await pause(500);
  })();
  return { parked, release: () => {}, finished };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
