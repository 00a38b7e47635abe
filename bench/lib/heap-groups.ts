import { readFileSync } from 'node:fs';

/** Objects of one kind in a heap snapshot: how many, and their own (shallow) size. */
export interface HeapGroup {
  count: number;
  bytes: number;
}

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
      location_fields?: string[];
    };
  };
  nodes: number[];
  edges: number[];
  locations?: number[];
  strings: string[];
}

/** Kinds whose V8 `name` is their content (a string's text, a number): grouped by kind only. */
const BY_KIND = new Set(['string', 'concatenated string', 'sliced string', 'number', 'bigint', 'symbol']);
/** Kinds that say little by themselves (a property store, a closure's context): named after their holder. */
const BY_HOLDER = new Set(['array', 'hidden', 'code', 'object shape']);

/**
 * Reads a `.heapsnapshot` and sums the objects' own sizes by what they are: an object by its
 * constructor (`object: Object` for plain objects), a closure by its function's name and source
 * line, strings and numbers by their kind, V8 internals (property stores, closure contexts) by their
 * name and what holds them (`array: (object properties) ← object: Object`).
 */
export function heapGroups(file: string): Map<string, HeapGroup> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const { meta } = snapshot.snapshot;
  const { nodes, edges, strings } = snapshot;
  const width = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const field = (name: string): number => meta.node_fields.indexOf(name);
  const [typeAt, nameAt, sizeAt, edgeCountAt] = [
    field('type'),
    field('name'),
    field('self_size'),
    field('edge_count'),
  ];
  const [edgeTypeAt, edgeNameAt, edgeToAt] = ['type', 'name_or_index', 'to_node'].map((f) =>
    meta.edge_fields.indexOf(f),
  ) as [number, number, number];
  const count = nodes.length / width;
  const weak = edgeTypes.indexOf('weak');
  const typeOf = (node: number): string => nodeTypes[nodes[node * width + typeAt] ?? 0] ?? '?';
  const nameOf = (node: number): string => strings[nodes[node * width + nameAt] ?? 0] ?? '?';

  // The first strong retainer of each node, and for closures the script they come from.
  const holder = new Int32Array(count).fill(-1);
  const firstEdge = new Int32Array(count + 1);
  for (let node = 0, edge = 0; node < count; node++) {
    firstEdge[node] = edge;
    edge += (nodes[node * width + edgeCountAt] ?? 0) * edgeWidth;
  }
  firstEdge[count] = edges.length;
  for (let node = 0; node < count; node++)
    for (let e = firstEdge[node] ?? 0; e < (firstEdge[node + 1] ?? 0); e += edgeWidth) {
      if (edges[e + edgeTypeAt] === weak) continue;
      const to = (edges[e + edgeToAt] ?? 0) / width;
      if (holder[to] === -1) holder[to] = node;
    }
  const edgeTo = (node: number, name: string): number | undefined => {
    for (let e = firstEdge[node] ?? 0; e < (firstEdge[node + 1] ?? 0); e += edgeWidth) {
      const type = edgeTypes[edges[e + edgeTypeAt] ?? 0];
      if (type === 'element' || type === 'hidden') continue;
      if (strings[edges[e + edgeNameAt] ?? 0] === name) return (edges[e + edgeToAt] ?? 0) / width;
    }
    return undefined;
  };
  const propertyNames = (node: number): string => {
    const names: string[] = [];
    for (let e = firstEdge[node] ?? 0; e < (firstEdge[node + 1] ?? 0) && names.length < 6; e += edgeWidth)
      if (edgeTypes[edges[e + edgeTypeAt] ?? 0] === 'property') {
        const name = strings[edges[e + edgeNameAt] ?? 0] ?? '';
        if (name !== '__proto__') names.push(name);
      }
    return names.join(',');
  };
  const lines = new Map<number, number>();
  const locationWidth = meta.location_fields?.length ?? 4;
  const locations = snapshot.locations ?? [];
  for (let i = 0; i < locations.length; i += locationWidth)
    lines.set((locations[i] ?? 0) / width, (locations[i + 2] ?? 0) + 1);
  const scriptNames = new Map<number, string>();
  const closureKey = (node: number): string => {
    const shared = edgeTo(node, 'shared');
    const script = shared === undefined ? undefined : edgeTo(shared, 'script');
    let file = '';
    if (script !== undefined) {
      file = scriptNames.get(script) ?? '';
      if (!scriptNames.has(script)) {
        const scriptName = edgeTo(script, 'name');
        file =
          scriptName === undefined
            ? ''
            : nameOf(scriptName).replace(/^.*\/(packages|node_modules|bench)\//, '');
        scriptNames.set(script, file);
      }
    }
    return `closure: ${nameOf(node) || '(anonymous)'} @ ${file}:${lines.get(node) ?? '?'}`;
  };
  const plainKey = (node: number): string => {
    const type = typeOf(node);
    if (BY_KIND.has(type)) return `strings and numbers: ${type}`;
    if (type === 'closure') return closureKey(node);
    const name = nameOf(node);
    // A plain object says what it is by its properties (a history item, a usage record, options…).
    if (type === 'object' && name === 'Object') return `object: {${propertyNames(node)}}`;
    if (type === 'object' && name === 'Generator') {
      // A suspended async function: named by its function, to tell which frames a waiting run holds.
      const fn = edgeTo(node, 'function');
      return fn === undefined ? 'object: Generator' : `object: Generator of ${closureKey(fn)}`;
    }
    return `${type}: ${name}`;
  };

  const groups = new Map<string, HeapGroup>();
  for (let node = 0; node < count; node++) {
    const type = typeOf(node);
    let key = plainKey(node);
    const owner = holder[node] ?? -1;
    if ((BY_HOLDER.has(type) || key === 'object: system / Context') && owner !== -1) {
      // A context is named by the closure that holds it; a store by the object that holds it.
      key = `${key} ← ${plainKey(owner)}`;
    }
    const group = groups.get(key);
    const size = nodes[node * width + sizeAt] ?? 0;
    if (group === undefined) groups.set(key, { count: 1, bytes: size });
    else {
      group.count += 1;
      group.bytes += size;
    }
  }
  return groups;
}
