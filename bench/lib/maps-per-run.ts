import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { ImplementationFactory } from '../peers/implementation.js';
import { ours, oursStreamed } from '../peers/ours.js';
import { rawUndici } from '../peers/raw-undici.js';
import { collectGarbage } from './measure.js';
import { toolProbe, workloadNamed } from './scenario.js';
import { startBenchServer } from './start-bench-server.js';

// `pnpm build && tsx --expose-gc lib/maps-per-run.ts <ours|ours-stream|raw> [coarse|fine] [warm-up runs]`:
// the V8 maps (hidden classes) that exist only while one run is in flight. After the warm-up, one heap
// snapshot while a single run waits in its first check_stock call and one right after that run ended
// (both after a forced GC and 20 ms at rest, as benchmark 3b's sequential pair); the maps of the first
// that the second no longer has (same snapshot object id) are listed by what uses them: the
// constructor and first properties of an object with that map, or the map's own name. These maps are
// per process, not per run (any run of the same kind in flight keeps them; benchmark 3b's sequential
// pairs keep one such run parked for that reason): this shows which shapes a run's objects use, and how
// many a process rebuilds when it went idle through a full GC.
const factories: Record<string, ImplementationFactory> = {
  ours,
  'ours-stream': oursStreamed,
  raw: rawUndici,
};
const [name = 'ours', workloadName = 'fine', warmArg = '40'] = process.argv.slice(2);
const factory = factories[name];
if (factory === undefined) throw new Error(`maps-per-run: unknown implementation ${JSON.stringify(name)}.`);
const workload = workloadNamed(workloadName);
const server = await startBenchServer(workload);
const impl = factory({ url: server.url, apiKey: server.apiKey, concurrency: 1, workload });
const files = [
  join(tmpdir(), `maps-${name}-${process.pid}-parked.heapsnapshot`),
  join(tmpdir(), `maps-${name}-${process.pid}-after.heapsnapshot`),
] as const;
const rest = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
try {
  for (let i = 0; i < Number(warmArg); i++) await impl.runOnce();
  let first = true;
  toolProbe.onCheckStock = () => {
    if (!first) return;
    first = false;
    return rest().then(() => {
      collectGarbage();
      writeHeapSnapshot(files[0]);
    });
  };
  await impl.runOnce();
  toolProbe.onCheckStock = undefined;
  await rest();
  collectGarbage();
  writeHeapSnapshot(files[1]);
} finally {
  await impl.close();
  await server.close();
}

interface Parsed {
  ids: Set<number>;
  rows: Map<number, { kind: string; bytes: number; what: string }>;
}

/** Maps (and descriptor arrays) of `file`, by snapshot id, each with what uses it. */
function mapsOf(file: string): Parsed {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: {
      meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
    };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const { meta } = snap.snapshot;
  const { nodes, edges, strings } = snap;
  const w = meta.node_fields.length;
  const ew = meta.edge_fields.length;
  const [typeAt, nameAt, idAt, sizeAt, countAt] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) =>
    meta.node_fields.indexOf(f),
  ) as [number, number, number, number, number];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) =>
    meta.edge_fields.indexOf(f),
  ) as [number, number, number];
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const n = nodes.length / w;
  const nameOf = (i: number): string => strings[nodes[i * w + nameAt] ?? 0] ?? '?';
  const typeOf = (i: number): string => nodeTypes[nodes[i * w + typeAt] ?? 0] ?? '?';
  const isMap = (i: number): boolean => nameOf(i) === 'system / Map';
  const isDescriptors = (i: number): boolean => nameOf(i) === 'system / DescriptorArray';
  const users = new Map<number, string>();
  const descriptorOwner = new Map<number, number>();
  const backPointer = new Map<number, number>();
  const constructorOf = new Map<number, number>();
  let e = 0;
  for (let i = 0; i < n; i++) {
    const count = nodes[i * w + countAt] ?? 0;
    const props: string[] = [];
    let mapNode = -1;
    for (let k = 0; k < count; k++, e += ew) {
      const to = (edges[e + eTo] ?? 0) / w;
      const edgeType = edgeTypes[edges[e + eType] ?? 0];
      const edgeName =
        edgeType === 'element' || edgeType === 'hidden' ? '' : (strings[edges[e + eName] ?? 0] ?? '');
      if (edgeName === 'map' && isMap(to)) mapNode = to;
      else if (edgeType === 'property' && props.length < 6) props.push(edgeName);
      if (isMap(i) && edgeName === 'descriptors' && isDescriptors(to)) descriptorOwner.set(to, i);
      if (isMap(i) && edgeName === 'back_pointer' && isMap(to)) backPointer.set(i, to);
      if (isMap(i) && edgeName === 'constructor') constructorOf.set(i, to);
    }
    if (mapNode >= 0 && !users.has(mapNode) && !isMap(i))
      users.set(mapNode, `${typeOf(i)}: ${nameOf(i)} {${props.join(',')}}`);
  }
  // A map nothing uses is a step of a transition chain (a property added after creation): named after
  // the object at the chain's end, or else after the chain's root constructor.
  for (const [map, label] of [...users]) {
    for (let up = backPointer.get(map); up !== undefined; up = backPointer.get(up))
      if (!users.has(up)) users.set(up, `(step) ${label}`);
  }
  for (let i = 0; i < n; i++) {
    if (!isMap(i) || users.has(i)) continue;
    let root = i;
    while (backPointer.has(root)) root = backPointer.get(root) as number;
    const ctor = constructorOf.get(root);
    users.set(i, `(dead step) root ${ctor === undefined ? '?' : nameOf(ctor)}`);
  }
  const ids = new Set<number>();
  const rows = new Map<number, { kind: string; bytes: number; what: string }>();
  for (let i = 0; i < n; i++) {
    if (!isMap(i) && !isDescriptors(i)) continue;
    const id = nodes[i * w + idAt] ?? 0;
    ids.add(id);
    const owner = isMap(i) ? i : (descriptorOwner.get(i) ?? -1);
    rows.set(id, {
      kind: isMap(i) ? 'Map' : 'DescriptorArray',
      bytes: nodes[i * w + sizeAt] ?? 0,
      what: owner >= 0 ? (users.get(owner) ?? '(no live user)') : '(no map)',
    });
  }
  return { ids, rows };
}

const [parked, after] = files.map(mapsOf) as [Parsed, Parsed];
if (process.env.MAPS_KEEP !== '1') for (const file of files) rmSync(file);
const only = [...parked.rows].filter(([id]) => !after.ids.has(id)).map(([, row]) => row);
const sum = (kind: string): [number, number] => {
  const rows = only.filter((row) => row.kind === kind);
  return [rows.length, rows.reduce((s, row) => s + row.bytes, 0)];
};
const [maps, mapBytes] = sum('Map');
const [descs, descBytes] = sum('DescriptorArray');
console.log(
  `${name} (${workloadName}): only while the run is in flight: ${maps} maps (${mapBytes} B), ${descs} descriptor arrays (${descBytes} B)`,
);
const byWhat = new Map<string, { count: number; bytes: number }>();
for (const row of only) {
  const key = `${row.kind} ← ${row.what}`;
  const g = byWhat.get(key) ?? { count: 0, bytes: 0 };
  g.count += 1;
  g.bytes += row.bytes;
  byWhat.set(key, g);
}
for (const [key, g] of [...byWhat].sort((a, b) => b[1].bytes - a[1].bytes))
  console.log(`${String(g.count).padStart(3)} ${String(g.bytes).padStart(6)} B  ${key}`);
