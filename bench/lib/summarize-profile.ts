import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

// `tsx lib/summarize-profile.ts <file.cpuprofile> [top]`: self time by function, largest first.
const [file = '', topArg = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
const self = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(packages|node_modules)\//, '$1/').replace(/^file:\/\//, '');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + hits);
}
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg));
for (const [key, hits] of top) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);

// Then self time per source file of ours (packages/…), and the busy share (everything but idle).
const byFile = new Map<string, number>();
let idle = 0;
for (const [key, hits] of self) {
  if (key.startsWith('(idle)')) idle += hits;
  const file = /packages\/[^:]+/.exec(key)?.[0];
  if (file !== undefined) byFile.set(file, (byFile.get(file) ?? 0) + hits);
}
console.log(`\nbusy: ${(((total - idle) / total) * 100).toFixed(1)}% of ${total} samples; by file of ours:`);
for (const [file, hits] of [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)))
  console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${file}`);

// Inclusive time per function of ours (self plus everything it called, each sample counted once per function).
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes as (ProfileNode & { children?: number[] })[])
  for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  if (hits === 0) continue;
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined || !frame.url.includes('/packages/')) continue;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/packages\//, '')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
  }
}
console.log('\ninclusive, functions of ours:');
for (const [key, hits] of [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)))
  console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
