import type { OutputFunctionCall } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import { CallAccumulator } from './call-accumulator.js';

const added = (id: string, callId: string, name: string): OutputFunctionCall => ({
  type: 'function_call',
  id,
  status: 'in_progress',
  call_id: callId,
  name,
  arguments: '',
});
const delta = (item_id: string, output_index: number, d: string) => ({
  type: 'response.function_call_arguments.delta' as const,
  sequence_number: 0,
  item_id,
  output_index,
  delta: d,
});
const done = (item_id: string, output_index: number, args: string, name = '') => ({
  type: 'response.function_call_arguments.done' as const,
  sequence_number: 0,
  item_id,
  output_index,
  arguments: args,
  name,
});

describe('CallAccumulator', () => {
  it('keeps interleaved calls apart, keyed by output_index', () => {
    const acc = new CallAccumulator();
    acc.added(1, added('fc_1', 'call_a', 'get_weather'));
    acc.added(2, added('fc_2', 'call_b', 'local_time'));
    const a = '{"city":"Paris"}';
    const b = '{"zone":"Europe/Rome"}';
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      if (i < b.length) acc.delta(delta('fc_2', 2, b[i]!));
      if (i < a.length) acc.delta(delta('fc_1', 1, a[i]!));
    }
    // The `.done` string would overwrite a misrouted delta: the deltas themselves must match it.
    expect(acc.done(done('fc_2', 2, b)).mismatch).toBeUndefined();
    expect(acc.done(done('fc_1', 1, a)).mismatch).toBeUndefined();
    expect(acc.finalCalls()).toEqual([
      { itemId: 'fc_1', outputIndex: 1, callId: 'call_a', name: 'get_weather', arguments: a, done: true },
      { itemId: 'fc_2', outputIndex: 2, callId: 'call_b', name: 'local_time', arguments: b, done: true },
    ]);
  });

  it('reports the accumulated snapshot with each delta', () => {
    const acc = new CallAccumulator();
    acc.added(0, added('fc_1', 'call_a', 'f'));
    expect(acc.delta(delta('fc_1', 0, '{"a"')).snapshot).toBe('{"a"');
    expect(acc.delta(delta('fc_1', 0, ':1}')).snapshot).toBe('{"a":1}');
  });

  it('lets the .done string win over the joined deltas and reports the mismatch', () => {
    const acc = new CallAccumulator();
    acc.added(0, added('fc_1', 'call_a', 'f'));
    acc.delta(delta('fc_1', 0, '{"a":1'));
    const result = acc.done(done('fc_1', 0, '{"a":12}'));
    expect(result.call.arguments).toBe('{"a":12}');
    expect(result.mismatch).toEqual({ deltas: '{"a":1', done: '{"a":12}' });
  });

  it('accepts a .done without any delta and reports no mismatch', () => {
    const acc = new CallAccumulator();
    acc.added(0, added('fc_1', 'call_a', 'f'));
    const result = acc.done(done('fc_1', 0, '{}'));
    expect(result.mismatch).toBeUndefined();
    expect(result.call.done).toBe(true);
  });

  it('never finalises a call before its .done', () => {
    const acc = new CallAccumulator();
    acc.added(0, added('fc_1', 'call_a', 'f'));
    acc.delta(delta('fc_1', 0, '{"cut'));
    acc.itemDone(0, { ...added('fc_1', 'call_a', 'f'), arguments: '{"cut' });
    expect(acc.finalCalls()).toEqual([]);
    expect(acc.calls()[0]).toMatchObject({ callId: 'call_a', arguments: '{"cut', done: false });
  });

  it('finds a call by output_index when a delta arrives before its added event, and takes the name from .done', () => {
    const acc = new CallAccumulator();
    acc.delta(delta('fc_9', 3, '{}'));
    acc.done(done('fc_9', 3, '{}', 'late_name'));
    expect(acc.finalCalls()[0]).toMatchObject({ itemId: 'fc_9', outputIndex: 3, name: 'late_name' });
  });

  it('accumulates in time linear in the argument size (200k one-character deltas)', () => {
    const acc = new CallAccumulator();
    acc.added(0, added('fc_1', 'call_a', 'f'));
    const size = 200_000;
    const started = performance.now();
    for (let i = 0; i < size; i += 1) acc.delta(delta('fc_1', 0, 'x'));
    const joined = acc.calls()[0]!.arguments;
    const elapsed = performance.now() - started;
    expect(joined.length).toBe(size);
    // A quadratic join (re-joining every chunk per delta) would take minutes here.
    expect(elapsed).toBeLessThan(2_000);
  });

  it('keys by output_index first: item_id rotated per event (and reused across calls) does not mix calls', () => {
    const acc = new CallAccumulator();
    acc.added(0, added('id-1', 'call_a', 'f'));
    acc.added(1, added('id-2', 'call_b', 'g'));
    // A proxy stamped call_b's delta with call_a's id and call_a's with an unseen one.
    acc.delta(delta('id-2', 0, '{"a":'));
    acc.delta(delta('id-1', 1, '{"b":'));
    acc.delta(delta('id-9', 0, '1}'));
    acc.delta(delta('id-1', 1, '2}'));
    expect(acc.calls().map((c) => [c.callId, c.itemId, c.arguments])).toEqual([
      ['call_a', 'id-1', '{"a":1}'],
      ['call_b', 'id-2', '{"b":2}'],
    ]);
  });
});
