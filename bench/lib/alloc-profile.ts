import { Session } from 'node:inspector/promises';
import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { workloadNamed } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `tsx lib/alloc-profile.ts <impl> <workload> <runs> [top]`: where the heap allocations of sequential runs
// come from (V8's sampling heap profiler, objects collected by GCs included), bytes per run by function.
interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}
const factories: Record<string, ImplementationFactory> = {
  ours,
  'ours-stream': oursStreamed,
  raw: rawUndici,
};
const [name = 'ours', workloadName = 'fine', runsArg = '300', topArg = '40'] = process.argv.slice(2);
const factory = factories[name];
if (factory === undefined) throw new Error(`unknown implementation ${name}`);
const runs = Number(runsArg);
const workload = workloadNamed(workloadName);
const server = await startBenchServer(workload);
const impl = factory({ url: server.url, apiKey: server.apiKey, concurrency: 8, workload });
const session = new Session();
session.connect();
let profile: { head: Node };
try {
  for (let i = 0; i < 50; i++) await impl.runOnce();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < runs; i++) await impl.runOnce();
  ({ profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: Node } });
} finally {
  session.disconnect();
  await impl.close();
  await server.close();
}
const where = (frame: Node['callFrame']) =>
  `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(packages|node_modules)\//, '$1/').replace(/^file:\/\//, '')}:${frame.lineNumber + 1}`;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
/** With `ALLOC_CALLERS=<function name>`: the call paths (last 3 frames) that allocate under it. */
const callersOf = process.env.ALLOC_CALLERS;
const callers = new Map<string, number>();
const walk = (node: Node, stack: string[]): number => {
  const key = where(node.callFrame);
  self.set(key, (self.get(key) ?? 0) + node.selfSize);
  if (callersOf !== undefined && node.callFrame.functionName === callersOf) {
    const path = stack.slice(-3).join(' < ');
    callers.set(path, (callers.get(path) ?? 0) + node.selfSize);
  }
  total += node.selfSize;
  let sum = node.selfSize;
  const inner = [...stack, key];
  for (const child of node.children) sum += walk(child, inner);
  if (!stack.includes(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
  return sum;
};
walk(profile.head, []);
if (callersOf !== undefined)
  for (const [path, bytes] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`${(bytes / runs / 1024).toFixed(1).padStart(6)} KiB/run  ${callersOf} < ${path}`);
const kib = (bytes: number) => `${(bytes / runs / 1024).toFixed(1).padStart(6)} KiB/run`;
console.log(`total sampled: ${kib(total)}\n\nself:`);
for (const [key, bytes] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)))
  console.log(`${kib(bytes)}  ${key}`);
console.log('\ninclusive (functions of ours):');
for (const [key, bytes] of [...inclusive]
  .filter(([key]) => key.includes('packages/'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(topArg)))
  console.log(`${kib(bytes)}  ${key}`);
