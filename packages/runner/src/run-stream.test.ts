import { isMimoError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from './events.js';
import { RunStream } from './run-stream.js';
import { emptyCompletedResult, turnStarted } from './test-support/stream-fixtures.js';
import { eventsWanted } from './turn/events-wanted.js';

const result = emptyCompletedResult;
const started = turnStarted;

describe('RunStream', () => {
  it('yields every event in order, then the result', async () => {
    const stream = new RunStream(async (emit) => {
      emit(started(1));
      await Promise.resolve();
      emit(started(2));
      return result;
    });
    const seen: RunEvent[] = [];
    for await (const event of stream) seen.push(event);
    expect(seen).toEqual([started(1), started(2)]);
    await expect(stream.finalResult()).resolves.toBe(result);
  });

  it('throws the run error from the iteration after the buffered events, and from finalResult()', async () => {
    const failure = new Error('boom');
    const stream = new RunStream(async (emit) => {
      emit(started(1));
      throw failure;
    });
    const seen: RunEvent[] = [];
    await expect(async () => {
      for await (const event of stream) seen.push(event);
    }).rejects.toBe(failure);
    expect(seen).toHaveLength(1);
    await expect(stream.finalResult()).rejects.toBe(failure);
  });

  it('aborts the run when the consumer breaks out of the loop', async () => {
    let aborted: unknown;
    const stream = new RunStream(async (emit, signal) => {
      emit(started(1));
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      aborted = signal.reason;
      throw new Error('aborted');
    });
    for await (const event of stream) {
      expect(event.type).toBe('turn.started');
      break;
    }
    await expect(stream.finalResult()).rejects.toThrow('aborted');
    expect(aborted).toBeInstanceOf(Error);
  });

  it('refuses a second iterator', () => {
    const stream = new RunStream(async () => result);
    stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
    let second: unknown;
    try {
      stream[Symbol.asyncIterator]();
    } catch (error) {
      second = error;
    }
    // Everything the library throws is a MimoError with a stable code and a fix.
    expect(isMimoError(second)).toBe(true);
    expect(second).toMatchObject({ code: 'run_stream_consumed', message: expect.stringMatching(/Fix: /) });
  });

  it('keeps the order over bursts that reuse the drained queue, with the consumer waiting in between', async () => {
    let release: (() => void) | undefined;
    const gate = () =>
      new Promise<void>((resolve) => {
        release = resolve;
      });
    const stream = new RunStream(async (emit) => {
      let n = 0;
      for (const burst of [3, 1, 5, 2]) {
        await gate();
        for (let i = 0; i < burst; i++) emit(started(++n));
      }
      return result;
    });
    const seen: number[] = [];
    const iterator = stream[Symbol.asyncIterator]();
    for (const burst of [3, 1, 5, 2]) {
      // The consumer asks first (it waits), then the burst arrives: the first event goes straight to
      // it, the rest are queued and handed out in order from the queue.
      const first = iterator.next();
      release?.();
      const got = await first;
      if (got.done !== false) throw new Error('ended early');
      seen.push((got.value as { turn: number }).turn);
      for (let i = 1; i < burst; i++) {
        const next = await iterator.next();
        if (next.done !== false) throw new Error('ended early');
        seen.push((next.value as { turn: number }).turn);
      }
    }
    expect(seen).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    await expect(stream.finalResult()).resolves.toBe(result);
  });

  it('hands out a long backlog in order while more events arrive (the queue is compacted, not lost)', async () => {
    const total = 5000;
    let emitMore: (() => void) | undefined;
    const stream = new RunStream(async (emit) => {
      for (let n = 1; n <= 3000; n++) emit(started(n));
      await new Promise<void>((resolve) => {
        emitMore = resolve;
      });
      for (let n = 3001; n <= total; n++) emit(started(n));
      return result;
    });
    const seen: number[] = [];
    for await (const event of stream) {
      seen.push((event as { turn: number }).turn);
      // Half way through the first backlog, the second one arrives behind it.
      if (seen.length === 1500) emitMore?.();
    }
    expect(seen).toHaveLength(total);
    expect(seen.every((turn, i) => turn === i + 1)).toBe(true);
  });

  it('rejects a waiting next() with the run error, then reports the end', async () => {
    const failure = new Error('boom');
    let fail: (() => void) | undefined;
    const stream = new RunStream(async () => {
      await new Promise<void>((resolve) => {
        fail = resolve;
      });
      throw failure;
    });
    const iterator = stream[Symbol.asyncIterator]();
    const waiting = iterator.next();
    fail?.();
    await expect(waiting).rejects.toBe(failure);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    await expect(stream.finalResult()).rejects.toBe(failure);
  });

  it('return() after the run settled does not abort, and ends the iteration', async () => {
    let signal: AbortSignal | undefined;
    const stream = new RunStream(async (emit, given) => {
      signal = given;
      emit(started(1));
      return result;
    });
    const iterator = stream[Symbol.asyncIterator]();
    await expect(stream.finalResult()).resolves.toBe(result);
    await expect(iterator.return?.()).resolves.toEqual({ done: true, value: undefined });
    expect(signal?.aborted).toBe(false);
  });

  it('drops the events when finalResult() comes first, and says so to the emitter', async () => {
    const wanted: boolean[] = [];
    const stream = new RunStream(async (emit) => {
      wanted.push(eventsWanted(emit));
      await Promise.resolve();
      wanted.push(eventsWanted(emit));
      emit(started(1));
      return result;
    });
    await expect(stream.finalResult()).resolves.toBe(result);
    // Iterating afterwards yields nothing: the events were never kept.
    const seen: RunEvent[] = [];
    for await (const event of stream) seen.push(event);
    expect(seen).toEqual([]);
    expect(wanted).toEqual([true, false]);
  });
});
