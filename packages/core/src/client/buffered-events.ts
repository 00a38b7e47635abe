import type { ResponseStreamEvent } from '../protocol/stream-events.js';

/** Who {@link BufferedEvents.whenReady} calls back. Neither method may throw. */
export interface ReadyWaiter {
  /** `takeBuffered()` now hands out an event, the end, or throws the stream's error. */
  ready(): void;
  /** The stream failed with `error` (the error a `next()` would reject with). */
  failed(error: unknown): void;
}

/**
 * An event iterator that can also hand out what it already holds without a promise (`takeBuffered`),
 * and wait for more without one (`whenReady`).
 */
export interface BufferedEvents extends AsyncIterableIterator<ResponseStreamEvent, void, undefined> {
  takeBuffered(): IteratorResult<ResponseStreamEvent, void> | undefined;
  /** {@link takeBuffered} without an iterator result: the event, `null` when the stream is over, `undefined` if nothing is at hand. */
  takeEvent(): ResponseStreamEvent | null | undefined;
  whenReady(waiter: ReadyWaiter): void;
}
