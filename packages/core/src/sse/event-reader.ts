import { IdleTimeoutError } from '../errors/idle-timeout-error.js';
import type { OpenResponse } from '../http/send-request.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { parseStreamEvent } from './parse-stream-event.js';
import { DEFAULT_MAX_EVENT_BYTES, SseDecoder } from './sse-decoder.js';

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

/** Pulls typed events from an open SSE response, one at a time. */
export class EventReader {
  readonly #open: Pick<OpenResponse, 'read' | 'close' | 'finish'>;
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

  constructor(
    open: Pick<OpenResponse, 'read' | 'close' | 'finish'>,
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
      const chunk = await this.#open.read();
      const frames = chunk === undefined ? this.#decoder.end() : this.#decoder.push(chunk);
      if (chunk === undefined) this.#ended = true;
      const now = performance.now();
      if (frames.length > 0) this.#lastDataAt = now;
      else if (now - this.#lastDataAt > this.#eventIdleMs) throw this.#eventIdle();
      // Everything queued was handed out: reuse the queue from its start.
      this.#queue.length = 0;
      this.#head = 0;
      for (const frame of frames) {
        try {
          this.#queue.push(parseStreamEvent(frame, this.#secrets));
        } catch (error) {
          this.#queue.push(new QueuedError(error));
        }
      }
    }
    return this.buffered();
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
