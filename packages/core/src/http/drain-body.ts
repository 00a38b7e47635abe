import type { Readable } from 'node:stream';
import { type DeadlineEntry, DeadlineTimer } from '../timers/deadline-timer.js';
import type { BodyReader } from './body-reader.js';
import type { ChunkTarget } from './send-request.js';

/** The most bytes read past the terminal event before the connection is dropped instead. */
export const MAX_DRAIN_BYTES = 64 * 1024;

/** Why a drained body was dropped after all (built once: no stack trace per response). */
const DRAIN_ABANDONED = new Error(
  'The response body did not end within timeouts.drainMs after its terminal event; the connection was dropped.',
);
const DRAIN_TOO_LONG = new Error(
  `The response body went on for more than ${MAX_DRAIN_BYTES} bytes after its terminal event; the connection was dropped.`,
);

/**
 * The drain deadlines of the whole process: one Node timer, lingering between drains. The drains of one
 * client all wait its `drainMs`, so a later drain's deadline is rarely earlier than the one the timer is
 * set for: the timer is set about once per `drainMs`, not once per response (a client with a shorter
 * `drainMs` re-arms it, as any earlier deadline does).
 */
export const drainDeadlines = new DeadlineTimer({ linger: true });

/**
 * One body being drained: its deadline entry and the handlers of its reads, on one object (no timer and
 * no closures of its own).
 */
class DrainingBody implements DeadlineEntry, ChunkTarget {
  deadline = 0;
  heapIndex = -1;
  readonly #body: Readable;
  readonly #reader: BodyReader;
  #bytes = 0;

  constructor(body: Readable, reader: BodyReader) {
    this.#body = body;
    this.#reader = reader;
  }

  /** Read the next piece of the rest of the body. */
  read(): void {
    this.#reader.readInto(this);
  }

  /** {@link ChunkTarget}: the next piece, or the end. */
  chunk(chunk: Uint8Array | undefined): void {
    if (chunk === undefined) {
      drainDeadlines.remove(this);
      return;
    }
    this.#bytes += chunk.byteLength;
    if (this.#bytes > MAX_DRAIN_BYTES) {
      drainDeadlines.remove(this);
      this.#body.destroy(DRAIN_TOO_LONG);
      return;
    }
    this.read();
  }

  /** {@link ChunkTarget}: the body failed (or was destroyed at the deadline). */
  readFailed(): void {
    drainDeadlines.remove(this);
    if (!this.#body.destroyed) this.#body.destroy(DRAIN_ABANDONED);
  }

  /** {@link DeadlineEntry}: `drainMs` passed and the body has not ended. */
  expire(): void {
    if (!this.#body.destroyed) this.#body.destroy(DRAIN_ABANDONED);
  }
}

/**
 * Read the rest of a body we no longer need, so undici can hand its connection to the next request
 * instead of closing it: the end of body normally follows the terminal event at once. Bounded in
 * time (`drainMs`, on {@link drainDeadlines}) and bytes ({@link MAX_DRAIN_BYTES}); past either, or on
 * any error, the body is destroyed, which closes the connection (a gateway that holds the socket open
 * costs one deadline entry, never a hang). Runs in the background: nobody awaits it.
 */
export function drainBody(body: Readable, reader: BodyReader, drainMs: number): void {
  const draining = new DrainingBody(body, reader);
  drainDeadlines.add(draining, drainMs);
  draining.read();
}
