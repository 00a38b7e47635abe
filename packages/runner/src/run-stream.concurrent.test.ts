import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from './events.js';
import { RunStream } from './run-stream.js';
import { emptyCompletedResult, turnStarted } from './test-support/stream-fixtures.js';

/*
 * `next()` called again before the one before it settled (`const a = it.next(); const b = it.next();`):
 * as for any async iterator, the calls settle in call order, each with the next event, then the end (or
 * the run's error once, to the first waiting call, and the end to the rest), as one waiter at a time would.
 */

const result = emptyCompletedResult;
const started = turnStarted;
const done = { done: true, value: undefined };
const event = (n: number) => ({ done: false, value: started(n) });

/** A stream whose run does each step it is given on one `step()` call (the steps wait for the call). */
function steppedStream(steps: ((emit: (event: RunEvent) => void, signal: AbortSignal) => void)[]) {
  const gates: (() => void)[] = [];
  const stream = new RunStream(async (emit, signal) => {
    for (const step of steps) {
      await new Promise<void>((resolve) => gates.push(resolve));
      step(emit, signal);
    }
    return result;
  });
  const step = async () => {
    // Let the run reach its next gate first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    gates.shift()?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { stream, iterator: stream[Symbol.asyncIterator](), step };
}

const unhandled = vi.fn();
process.on('unhandledRejection', unhandled);
afterEach(async () => {
  // Node reports unhandled rejections after the microtasks of a turn: give it two turns.
  await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setImmediate(resolve));
  expect(unhandled).not.toHaveBeenCalled();
  unhandled.mockClear();
});

describe('RunStream: concurrent next() calls', () => {
  it('two waiting next()s get the two events of one burst, in call order', async () => {
    const { iterator, step } = steppedStream([
      (emit) => {
        emit(started(1));
        emit(started(2));
      },
    ]);
    const a = iterator.next();
    const b = iterator.next();
    await step();
    await expect(a).resolves.toEqual(event(1));
    await expect(b).resolves.toEqual(event(2));
    await expect(iterator.next()).resolves.toEqual(done);
  });

  it('three waiting next()s get events 1, 2, 3 emitted one at a time; a fourth event queues for the next call', async () => {
    const { iterator, step } = steppedStream([
      (emit) => emit(started(1)),
      (emit) => emit(started(2)),
      (emit) => {
        emit(started(3));
        emit(started(4));
      },
    ]);
    const order: number[] = [];
    const calls = [iterator.next(), iterator.next(), iterator.next()].map((call, i) =>
      call.then((r) => {
        order.push(i);
        return r;
      }),
    );
    await step();
    await step();
    await step();
    expect(await Promise.all(calls)).toEqual([event(1), event(2), event(3)]);
    expect(order).toEqual([0, 1, 2]);
    await expect(iterator.next()).resolves.toEqual(event(4));
    await expect(iterator.next()).resolves.toEqual(done);
  });

  it('next()s still waiting when the run ends all get the end', async () => {
    const { stream, iterator, step } = steppedStream([(emit) => emit(started(1))]);
    const calls = [iterator.next(), iterator.next(), iterator.next()];
    await step();
    await expect(Promise.all(calls)).resolves.toEqual([event(1), done, done]);
    await expect(iterator.next()).resolves.toEqual(done);
    await expect(stream.finalResult()).resolves.toBe(result);
  });

  it('when the run fails, the first waiting next() gets the error and the rest the end', async () => {
    const failure = new Error('boom');
    const { stream, iterator, step } = steppedStream([
      (emit) => emit(started(1)),
      () => {
        throw failure;
      },
    ]);
    // Handled from the start (a rejection left unhandled over a turn of the event loop is reported).
    const calls = Promise.allSettled([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    await step();
    await step();
    const settled = await calls;
    expect(settled).toEqual([
      { status: 'fulfilled', value: event(1) },
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: done },
      { status: 'fulfilled', value: done },
    ]);
    await expect(iterator.next()).resolves.toEqual(done);
    await expect(stream.finalResult()).rejects.toBe(failure);
  });

  it('return() while two next()s wait: the run is aborted, the first gets its error, the second the end', async () => {
    let reason: unknown;
    const stream = new RunStream(async (_emit, signal) => {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      reason = signal.reason;
      throw signal.reason;
    });
    const iterator = stream[Symbol.asyncIterator]();
    const calls = Promise.allSettled([iterator.next(), iterator.next()]);
    await expect(iterator.return?.()).resolves.toEqual(done);
    const settled = await calls;
    expect(reason).toBeInstanceOf(Error);
    expect(settled).toEqual([
      { status: 'rejected', reason },
      { status: 'fulfilled', value: done },
    ]);
    await expect(iterator.next()).resolves.toEqual(done);
  });
});
