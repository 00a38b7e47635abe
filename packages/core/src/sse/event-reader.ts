import type { OpenResponse } from '../http/send-request.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { parseStreamEvent } from './parse-stream-event.js';
import { SseDecoder } from './sse-decoder.js';

/** Pulls typed events from an open SSE response, one at a time. */
export class EventReader {
  readonly #open: Pick<OpenResponse, 'read' | 'close'>;
  readonly #decoder = new SseDecoder();
  readonly #secrets: readonly string[];
  // Errors wait their turn: the good events before a bad frame are still delivered first.
  #queue: ({ event: ResponseStreamEvent } | { error: unknown })[] = [];
  #ended = false;

  constructor(open: Pick<OpenResponse, 'read' | 'close'>, secrets: readonly string[]) {
    this.#open = open;
    this.#secrets = secrets;
  }

  /** The next event, or `undefined` at end of body. Throws typed errors (protocol, idle, connection). */
  async next(): Promise<ResponseStreamEvent | undefined> {
    while (this.#queue.length === 0) {
      if (this.#ended) return undefined;
      const chunk = await this.#open.read();
      const frames = chunk === undefined ? this.#decoder.end() : this.#decoder.push(chunk);
      if (chunk === undefined) this.#ended = true;
      for (const frame of frames) {
        try {
          this.#queue.push({ event: parseStreamEvent(frame, this.#secrets) });
        } catch (error) {
          this.#queue.push({ error });
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
    const entry = this.#queue.shift();
    if (entry === undefined) return undefined;
    if ('error' in entry) throw entry.error;
    return entry.event;
  }

  /** Stop reading and drop the connection. */
  close(): void {
    this.#open.close();
  }
}
