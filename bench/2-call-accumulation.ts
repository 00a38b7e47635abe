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

async function cost(accumulate: Accumulate, args: string, reps: number) {
  for (let i = 0; i < Math.min(reps, 20); i++) accumulate(args);
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

/** Benchmark 2: call accumulation from one-character deltas at 1 KiB, 100 KiB and 1 MiB (cost per KiB must stay flat). */
export async function benchCallAccumulation(): Promise<Table> {
  const rows: string[][] = [];
  for (const size of SIZES) {
    const args = argumentsOf(size.bytes);
    const a = await cost(ours, args, size.reps);
    const b = await cost(minimal, args, size.reps);
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
      'Baseline: a Map of chunk arrays joined once (no events, no snapshots, no .done check). Ours also keeps the running snapshot every `tool.arguments.delta` event carries.',
    ],
  };
}
