import { afterEach, describe, expect, it, vi } from 'vitest';
import { releaseQueue, takeQueue } from './event-queue-pool.js';
import type { RunEvent } from './events.js';
import { RunStream } from './run-stream.js';
import { emptyCompletedResult } from './test-support/stream-fixtures.js';

/*
 * A RunStream's queue is taken from a pool shared by every stream when a burst of events arrives and
 * given back once its consumer read them all; the result promise is made when `finalResult()` is first
 * asked. These tests pin what that must not change: each stream's events, in order, only to it; one
 * `finalResult()` promise per stream; the run's error told once, never as an unhandled rejection.
 */

const result = emptyCompletedResult;
/** An event that names its stream and its place in that stream's order. */
const tagged = (stream: string, n: number): RunEvent => ({
  type: 'turn.warning',
  turn: n,
  code: 'unknown_output_item',
  itemType: stream,
  message: `${stream}-${n}`,
});

/** A stream whose run emits the bursts it is told to, one `release()` at a time. */
function burstyStream(name: string, bursts: number[]) {
  let release: (() => void) | undefined;
  let n = 0;
  const stream = new RunStream(async (emit) => {
    for (const size of bursts) {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      for (let i = 0; i < size; i++) emit(tagged(name, ++n));
    }
    return result;
  });
  return { stream, release: () => release?.(), total: bursts.reduce((sum, size) => sum + size, 0) };
}

/** How many drained queues the pool keeps (`POOLED` in `event-queue-pool.ts`). */
const POOLED = 8;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RunStream: queues shared between streams', () => {
  it('streams whose bursts interleave each get their own events, in order, and no other', async () => {
    // Released together in one turn of the event loop, in this order: each burst is queued before any
    // consumer reads. In round 2, `c`'s burst takes the queue `a` gave back in round 1, then `a`'s burst
    // needs a queue again: a queue must never be written by two streams.
    const rounds = [
      ['a', 'b'],
      ['c', 'a'],
      ['b', 'c', 'a'],
      ['a', 'b', 'c'],
      ['c', 'b'],
    ];
    const sizes: Record<string, number[]> = { a: [5, 3, 70, 1], b: [4, 2, 66, 9], c: [6, 65, 2, 3] };
    const streams = Object.fromEntries(
      Object.entries(sizes).map(([name, bursts]) => [name, burstyStream(name, bursts)]),
    );
    const seen: Record<string, number[]> = { a: [], b: [], c: [] };
    const readers = Object.entries(streams).map(async ([name, { stream }]) => {
      for await (const event of stream)
        if (event.type === 'turn.warning' && event.itemType === name) seen[name]?.push(event.turn);
        else throw new Error(`stream ${name} got ${JSON.stringify(event)}`);
    });
    for (const round of rounds) {
      for (const name of round) {
        streams[name]?.release();
        // Let that run emit its burst before the next one's.
        await Promise.resolve();
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(readers);
    for (const [name, { total }] of Object.entries(streams))
      expect(seen[name]).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('a stream left to finalResult() with events queued gives none of them to another stream', async () => {
    const dropped = new RunStream(async (emit) => {
      for (let n = 1; n <= 10; n++) emit(tagged('dropped', n));
      return result;
    });
    // Its queued events are let go (not given back as a reusable queue, since they are not read).
    await expect(dropped.finalResult()).resolves.toBe(result);
    const next = new RunStream(async (emit) => {
      for (let n = 1; n <= 3; n++) emit(tagged('next', n));
      return result;
    });
    const seen: string[] = [];
    for await (const event of next) if (event.type === 'turn.warning') seen.push(event.message);
    expect(seen).toEqual(['next-1', 'next-2', 'next-3']);
    // No pooled queue holds an event: `dropped`'s queue (10 slots, `next` writing only 3) was not given back.
    const pooled = Array.from({ length: POOLED }, () => takeQueue());
    try {
      for (const queue of pooled) expect(queue.filter((slot) => slot !== undefined)).toEqual([]);
    } finally {
      for (const queue of pooled) releaseQueue(queue);
    }
  });
});

describe('RunStream: finalResult()', () => {
  it('returns one promise per stream, asked before or after the run ended', async () => {
    let finish: (() => void) | undefined;
    const stream = new RunStream(async () => {
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      return result;
    });
    const early = stream.finalResult();
    expect(stream.finalResult()).toBe(early);
    finish?.();
    await expect(early).resolves.toBe(result);
    expect(stream.finalResult()).toBe(early);
  });

  it('asked before a failing end and never awaited: no unhandled rejection; iteration still throws the error once', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const failure = new Error('boom');
      let fail: (() => void) | undefined;
      const stream = new RunStream(async () => {
        await new Promise<void>((resolve) => {
          fail = resolve;
        });
        throw failure;
      });
      const iterator = stream[Symbol.asyncIterator]();
      stream.finalResult();
      const waiting = iterator.next();
      fail?.();
      await expect(waiting).rejects.toBe(failure);
      await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
      // Node reports unhandled rejections after the microtasks of a turn: give it two turns.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
      await expect(stream.finalResult()).rejects.toBe(failure);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('a stream nobody reads or asks whose run fails raises no unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      new RunStream(async () => {
        throw new Error('nobody listens');
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
