import type { FunctionCallArgumentsDeltaEvent, OutputFunctionCall } from '@mimo-agents/core';
// The accumulator is the loop's internal part, not public API: benchmarks import it by path.
import { CallAccumulator } from '../packages/runner/src/turn/call-accumulator.js';
import { measure } from './lib/measure.js';
import { bytes, num, ratio, type Table } from './lib/table.js';

const SIZES = [
  { label: '1 KiB', bytes: 1024, reps: 2000 },
  { label: '100 KiB', bytes: 100 * 1024, reps: 20 },
  { label: '1 MiB', bytes: 1024 * 1024, reps: 3 },
] as const;

const item: OutputFunctionCall = {
  type: 'function_call',
  id: 'fc_1',
  status: 'in_progress',
  call_id: 'call_1',
  name: 'write_file',
  arguments: '',
};

function argumentsOf(size: number): string {
  const prefix = '{"path":"notes.txt","text":"';
  return `${prefix}${'a'.repeat(size - prefix.length - 2)}"}`;
}

type Accumulate = (args: string) => string;

/** Ours: the runner's `CallAccumulator`, fed one-character deltas (one event object, reused, so only the accumulator allocates). */
const ours: Accumulate = (args) => {
  const acc = new CallAccumulator();
  acc.added(0, item);
  const event: FunctionCallArgumentsDeltaEvent = {
    type: 'response.function_call_arguments.delta',
    sequence_number: 0,
    item_id: 'fc_1',
    output_index: 0,
    delta: '',
  };
  for (let i = 0; i < args.length; i++) {
    event.delta = args[i] ?? '';
    acc.delta(event);
  }
  acc.done({
    type: 'response.function_call_arguments.done',
    sequence_number: 1,
    item_id: 'fc_1',
    output_index: 0,
    name: 'write_file',
    arguments: args,
  });
  return acc.finalCalls()[0]?.arguments ?? '';
};

/** Baseline: a bare map of chunk arrays keyed by item id, joined once. */
const minimal: Accumulate = (args) => {
  const chunks = new Map<string, string[]>([['fc_1', []]]);
  for (let i = 0; i < args.length; i++) chunks.get('fc_1')?.push(args[i] ?? '');
  return chunks.get('fc_1')?.join('') ?? '';
};

/** Alternating trials per size: the best one counts (load elsewhere only ever slows a trial down). */
const TRIALS = 5;

async function trial(accumulate: Accumulate, args: string, reps: number) {
  const m = await measure(() => {
    for (let i = 0; i < reps; i++) {
      if (accumulate(args).length !== args.length) throw new Error('Accumulation bench: wrong arguments.');
    }
  });
  const kib = (args.length / 1024) * reps;
  return {
    msPerCall: m.wallMs / reps,
    usPerKiB: (m.wallMs * 1000) / kib,
    allocPerKiB: m.allocatedBytes / kib,
  };
}

type Cost = Awaited<ReturnType<typeof trial>>;

/** Ours and the baseline on the same arguments, trials alternating, the fastest trial of each kept. */
async function costs(args: string, reps: number): Promise<[ours: Cost, baseline: Cost]> {
  let best: [Cost, Cost] | undefined;
  for (let i = 0; i < TRIALS; i++) {
    const a = await trial(ours, args, reps);
    const b = await trial(minimal, args, reps);
    best =
      best === undefined
        ? [a, b]
        : [a.usPerKiB < best[0].usPerKiB ? a : best[0], b.usPerKiB < best[1].usPerKiB ? b : best[1]];
  }
  return best as [Cost, Cost];
}

/** Benchmark 2: call accumulation from one-character deltas at 1 KiB, 100 KiB and 1 MiB (cost per KiB must stay flat). */
export async function benchCallAccumulation(): Promise<Table> {
  const rows: string[][] = [];
  // Both compiled before the first trial: each runs in a fresh process, where the first row would
  // otherwise time ours while V8 still optimises it (1 KiB row 1.4–2.0× with 20 warm-up calls, 0.9–1.3×
  // after benchmark 1 in the same process).
  const warm = argumentsOf(1024);
  for (let i = 0; i < 500; i++) {
    ours(warm);
    minimal(warm);
  }
  for (const size of SIZES) {
    const args = argumentsOf(size.bytes);
    const [a, b] = await costs(args, size.reps);
    rows.push([
      size.label,
      num(a.msPerCall, 3),
      num(a.usPerKiB, 1),
      bytes(a.allocPerKiB),
      num(b.msPerCall, 3),
      num(b.usPerKiB, 1),
      bytes(b.allocPerKiB),
      ratio(a.usPerKiB / b.usPerKiB),
    ]);
  }
  return {
    title: '2. Call accumulation (one-character deltas)',
    columns: [
      'arguments',
      'ours ms/call',
      'ours µs/KiB',
      'ours alloc/KiB',
      'baseline ms/call',
      'baseline µs/KiB',
      'baseline alloc/KiB',
      'ours ÷ baseline (time)',
    ],
    rows,
    notes: [
      `Best of ${TRIALS} alternating trials per size, after 500 warm-up calls of each at 1 KiB.`,
      'Baseline: a Map of chunk arrays joined once (no events, no snapshots, no .done check). Ours also keeps the running snapshot every `tool.arguments.delta` event carries.',
    ],
  };
}
