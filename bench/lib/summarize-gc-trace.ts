import { readFileSync } from 'node:fs';

// `tsx lib/summarize-gc-trace.ts <trace.txt> …`: the GC pauses of each trace written by
// `lib/scale-gc-trace.ts`, by kind: how many, their total and longest, how many of 10, 20 and 30 ms or
// more (the pauses an event-loop delay p99 sees). A `--trace-gc-nvp` trace also gives the bytes that
// survived each collection in the young generation and those promoted to old space.

interface Kind {
  pauses: number[];
  copied: number;
  promoted: number;
}

/** `gc=` in a `--trace-gc-nvp` line (V8's short names), as the plain trace names the same kinds. */
const KINDS: Record<string, string> = { s: 'Scavenge', mc: 'Mark-Compact', mms: 'Minor Mark-Sweep' };

function summarize(file: string): string {
  const kinds = new Map<string, Kind>();
  const kindOf = (name: string): Kind => {
    let kind = kinds.get(name);
    if (kind === undefined) {
      kind = { pauses: [], copied: 0, promoted: 0 };
      kinds.set(name, kind);
    }
    return kind;
  };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    // --trace-gc: "… 1234 ms: Scavenge 100.1 (120.0) -> 90.0 (125.0) MB, pooled: 0 MB, 3.20 / 0.00 ms …"
    const plain =
      /ms: (Scavenge|Mark-Compact|Minor Mark-Sweep)\b.*?MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/.exec(
        line,
      );
    if (plain !== null) {
      kindOf(plain[1] as string).pauses.push(Number(plain[2]));
      continue;
    }
    // --trace-gc-nvp: "pause=3.2 … gc=s … promoted=123 new_space_survived=456 …" (older V8: semi_space_copied)
    const pause = /\bpause=([\d.]+)/.exec(line);
    const gc = /\bgc=(\w+)/.exec(line);
    if (pause === null || gc === null) continue;
    const kind = kindOf(KINDS[gc[1] as string] ?? (gc[1] as string));
    kind.pauses.push(Number(pause[1]));
    kind.copied += Number(/\b(?:new_space_survived|semi_space_copied)=(\d+)/.exec(line)?.[1] ?? 0);
    kind.promoted += Number(/\bpromoted=(\d+)/.exec(line)?.[1] ?? 0);
  }
  const all = [...kinds.values()].flatMap((kind) => kind.pauses);
  const atLeast = (ms: number) => all.filter((pause) => pause >= ms).length;
  const rows = [...kinds].map(([name, { pauses, copied, promoted }]) => {
    const total = pauses.reduce((sum, pause) => sum + pause, 0);
    const bytes =
      copied + promoted > 0 ? `, survived in new space ${mib(copied)}, promoted ${mib(promoted)}` : '';
    return `  ${name}: ${pauses.length}, ${total.toFixed(0)} ms in all, longest ${Math.max(...pauses).toFixed(1)} ms${bytes}`;
  });
  return [
    `${file}: pauses of 10 / 20 / 30 ms or more: ${atLeast(10)} / ${atLeast(20)} / ${atLeast(30)}`,
    ...rows,
  ].join('\n');
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

for (const file of process.argv.slice(2)) console.log(summarize(file));
