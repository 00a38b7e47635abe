import { readFileSync } from 'node:fs';

// `tsx lib/profile-areas.ts <file.cpuprofile> [top]`: each busy sample charged to the nearest frame of
// ours on its stack (so `JSON.parse` under `parseStreamEvent` counts for parse-stream-event.ts), by file
// and by function; samples with no frame of ours are charged to their own top frame's area.
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const [file = '', topArg = '40'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const byFile = new Map<string, number>();
const byFn = new Map<string, number>();
let total = 0;
let busy = 0;
const add = (map: Map<string, number>, key: string, hits: number) => map.set(key, (map.get(key) ?? 0) + hits);
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  if (hits === 0) continue;
  total += hits;
  const name = node.callFrame.functionName;
  if (name === '(idle)') continue;
  busy += hits;
  let owner: ProfileNode | undefined;
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const candidate = nodes.get(id);
    if (
      candidate?.callFrame.url.includes('/packages/') ||
      candidate?.callFrame.url.includes('/bench/peers/')
    ) {
      owner = candidate;
      break;
    }
  }
  if (owner === undefined) {
    const url = node.callFrame.url;
    const area =
      url === ''
        ? name
        : url.includes('node_modules/')
          ? url.replace(/^.*node_modules\/(\.pnpm\/)?([^/@]+|@[^/]+\/[^/]+).*$/, '$2')
          : url.replace(/^node:internal\/([^/]+).*$/, 'node:$1');
    add(byFile, `(no frame of ours) ${area}`, hits);
    continue;
  }
  const where = owner.callFrame.url.replace(/^.*\/(packages|bench)\//, '');
  add(byFile, where, hits);
  add(
    byFn,
    `${owner.callFrame.functionName || '(anonymous)'} ${where}:${owner.callFrame.lineNumber + 1}`,
    hits,
  );
}
const pct = (hits: number) => `${((hits / busy) * 100).toFixed(1).padStart(5)}%`;
console.log(`busy ${busy} of ${total} samples\n\nby file (share of busy):`);
for (const [key, hits] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)))
  console.log(`${pct(hits)} ${String(hits).padStart(6)}  ${key}`);
console.log('\nby function of ours (share of busy):');
for (const [key, hits] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)))
  console.log(`${pct(hits)} ${String(hits).padStart(6)}  ${key}`);
