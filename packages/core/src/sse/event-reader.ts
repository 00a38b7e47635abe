import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import type { ChunkTarget, OpenResponse } from '../http/send-request.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { parseStreamEvent } from './parse-stream-event.js';
import { DEFAULT_MAX_EVENT_BYTES, SseDecoder, type SseFrame } from './sse-decoder.js';

/** Limits of an {@link EventReader}. */
export interface EventReaderLimits {
  /** `limits.maxEventBytes`: the largest frame. */
  maxEventBytes: number;
  /** `timeouts.eventIdleMs`: the longest time without an event that carries data. */
  eventIdleMs: number;
}

const DEFAULT_LIMITS: EventReaderLimits = {
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
  eventIdleMs: Number.POSITIVE_INFINITY,
};

/** A frame that failed to parse, waiting in the queue for its turn. */
class QueuedError {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/** Who {@link EventReader.pull} tells that events are at hand, or that reading failed. Neither may throw. */
export interface EventSink {
  /** `buffered()` now has an event (or a queued error) to hand out, or the body ended (`drained`). */
  eventsReady(): void;
  /** Reading failed (typed): a chunk could not be read or decoded, or no event came for `eventIdleMs`. */
  eventsFailed(error: unknown): void;
}

/** Pulls typed events from an open SSE response, one at a time. */
export class EventReader implements ChunkTarget {
  readonly #open: Pick<OpenResponse, 'read' | 'readInto' | 'close' | 'finish'>;
  readonly #decoder: SseDecoder;
  readonly #secrets: readonly string[];
  readonly #eventIdleMs: number;
  /** When the last event with data arrived (or the reader was opened), on the monotonic clock. */
  #lastDataAt = performance.now();
  // Errors wait their turn: the good events before a bad frame are still delivered first. Events sit
  // in the queue as they are (no wrapper per event); a failed frame as a `QueuedError`.
  #queue: (ResponseStreamEvent | QueuedError)[] = [];
  /** Index of the next queued entry (a moving head keeps dequeuing O(1)). */
  #head = 0;
  #ended = false;
  #closed = false;
  /** The sink of the pending {@link pull}. */
  #sink: EventSink | undefined;

  constructor(
    open: Pick<OpenResponse, 'read' | 'readInto' | 'close' | 'finish'>,
    secrets: readonly string[],
    limits: EventReaderLimits = DEFAULT_LIMITS,
  ) {
    this.#open = open;
    this.#secrets = secrets;
    this.#decoder = new SseDecoder(limits.maxEventBytes);
    this.#eventIdleMs = limits.eventIdleMs;
  }

  /** The next event, or `undefined` at end of body. Throws typed errors (protocol, idle, connection). */
  async next(): Promise<ResponseStreamEvent | undefined> {
    while (this.#head >= this.#queue.length) {
      if (this.#ended) return undefined;
      this.#accept(await this.#open.read());
    }
    return this.buffered();
  }

  /** Whether the body ended and every event of it was handed out (`buffered()` has nothing more). */
  get drained(): boolean {
    return this.#ended && this.#head >= this.#queue.length;
  }

  /**
   * `next()` without a promise per chunk: reads chunks until an event (or a queued error) is at hand
   * or the body ended, then calls `sink.eventsReady()` (take them with `buffered()`); a failure goes to
   * `sink.eventsFailed()`. Call it only when `buffered()` returned `undefined` and the body is not
   * `drained`, and not again before the sink was called.
   */
  pull(sink: EventSink): void {
    this.#sink = sink;
    this.#open.readInto(this);
  }

  /** {@link ChunkTarget}: a chunk for the pending {@link pull}. */
  chunk(chunk: Uint8Array | undefined): void {
    const sink = this.#sink as EventSink;
    let ready: boolean;
    try {
      this.#accept(chunk);
      ready = this.#ended || this.#head < this.#queue.length;
    } catch (error) {
      this.#sink = undefined;
      sink.eventsFailed(error);
      return;
    }
    if (!ready) {
      // Only a partial frame, a comment or a heartbeat: read on.
      this.#open.readInto(this);
      return;
    }
    this.#sink = undefined;
    sink.eventsReady();
  }

  /** {@link ChunkTarget}: reading the pending {@link pull}'s chunk failed. */
  readFailed(error: unknown): void {
    const sink = this.#sink as EventSink;
    this.#sink = undefined;
    sink.eventsFailed(error);
  }

  /** Decode one chunk (`undefined`: the end of body) and queue its events (a bad frame as its error). */
  #accept(chunk: Uint8Array | undefined): void {
    const frames = chunk === undefined ? this.#decoder.end() : this.#decoder.push(chunk);
    if (chunk === undefined) this.#ended = true;
    const now = performance.now();
    if (frames.length > 0) this.#lastDataAt = now;
    else if (now - this.#lastDataAt > this.#eventIdleMs) throw this.#eventIdle();
    // Everything queued was handed out: reuse the queue from its start.
    const queue = this.#queue;
    queue.length = 0;
    this.#head = 0;
    for (let i = 0; i < frames.length; i++) {
      try {
        queue.push(parseStreamEvent(frames[i] as SseFrame, this.#secrets));
      } catch (error) {
        queue.push(new QueuedError(error));
      }
    }
  }

  /**
   * The next event if one is already decoded, else `undefined` (then await `next()`). Lets the
   * reader of a chunk with many events skip a promise per event. Throws a queued error in its turn.
   */
  buffered(): ResponseStreamEvent | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const entry = this.#queue[this.#head] as ResponseStreamEvent | QueuedError;
    this.#head += 1;
    if (entry instanceof QueuedError) throw entry.error;
    return entry;
  }

  /** Bytes keep coming (heartbeats, comments, a frame dripped slowly) but no event for too long. */
  #eventIdle(): IdleTimeoutError {
    return new IdleTimeoutError({
      timeoutMs: this.#eventIdleMs,
      message: `No stream event with data for timeouts.eventIdleMs (${this.#eventIdleMs} ms); only heartbeats, comments or a slowly dripped frame arrived. Retryable. Fix: raise timeouts.eventIdleMs if the model pauses longer.`,
    });
  }

  /** Stop reading and drop the connection (once: after `finish()` it does nothing). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#open.close();
  }

  /** Stop reading because the terminal event arrived: the connection may be kept (`OpenResponse.finish`). */
  finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#open.finish();
  }
}
