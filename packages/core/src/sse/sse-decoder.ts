import { createParser, type EventSourceParser } from 'eventsource-parser';
import { LimitExceededError } from '../errors/limit-exceeded-error.js';

/** Default of `limits.maxEventBytes`: 8 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

const FRAME_BOUNDARIES = ['\n\n', '\r\r', '\r\n\r\n', '\n\r\n'] as const;

/** Where the last blank line (the end of a frame) in `text` ends, or -1. */
function lastFrameEnd(text: string): number {
  let end = -1;
  for (const boundary of FRAME_BOUNDARIES) {
    const at = text.lastIndexOf(boundary);
    if (at >= 0 && at + boundary.length > end) end = at + boundary.length;
  }
  return end;
}

/** One server-sent event: its `event:` name (if any) and its joined `data:` lines. */
export interface SseFrame {
  event: string | undefined;
  data: string;
}

/**
 * Turns raw body chunks into SSE frames. Chunks may split anywhere: inside a line, inside a
 * multi-byte UTF-8 character (the streaming `TextDecoder` keeps the partial bytes), between CR
 * and LF. Comments and heartbeat lines are skipped; multi-line `data` is joined with `\n`.
 */
export class SseDecoder {
  readonly #decoder = new TextDecoder('utf-8');
  readonly #parser: EventSourceParser;
  #pending: SseFrame[] = [];
  readonly #maxEventBytes: number;
  /** Size of the frame being received so far (UTF-16 units once decoded, bytes before). */
  #open = 0;
  /** The last few characters seen, so a blank line split across chunks is still found. */
  #tail = '';

  /** `maxEventBytes` bounds one frame: past it `push()` throws `LimitExceededError` before buffering more. */
  constructor(maxEventBytes = DEFAULT_MAX_EVENT_BYTES) {
    this.#maxEventBytes = maxEventBytes;
    this.#parser = createParser({
      onEvent: (message) => {
        this.#pending.push({ event: message.event, data: message.data });
      },
    });
  }

  /** Feed one body chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array | string): SseFrame[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    this.#measure(text, typeof chunk === 'string' ? text.length : chunk.byteLength);
    if (text.length > 0) this.#parser.feed(text);
    return this.#take();
  }

  /** Flush at end of body; a last frame without its blank line is dropped, as the SSE spec says. */
  end(): SseFrame[] {
    const rest = this.#decoder.decode();
    if (rest.length > 0) this.#parser.feed(rest);
    return this.#take();
  }

  /** Track the size of the unfinished frame; refuse it once it passes the limit, before it is buffered. */
  #measure(text: string, size: number): void {
    // The last blank line is either inside `text` or starts in the kept tail (at most 3 characters)
    // and ends in the first 3 of `text`: search the chunk and that short joint, never a copy of both.
    const tail = this.#tail;
    const inText = lastFrameEnd(text);
    const end = Math.max(inText < 0 ? -1 : tail.length + inText, lastFrameEnd(tail + text.slice(0, 3)));
    this.#open = end >= 0 ? tail.length + text.length - end : this.#open + size;
    this.#tail = text.length >= 3 ? text.slice(-3) : (tail + text).slice(-3);
    if (this.#open > this.#maxEventBytes) {
      throw new LimitExceededError({
        setting: 'limits.maxEventBytes',
        limit: this.#maxEventBytes,
        message: `A stream event grew past limits.maxEventBytes (${this.#maxEventBytes} bytes) without ending; reading stopped. Fix: raise limits.maxEventBytes if the server legitimately sends events this large.`,
      });
    }
  }

  #take(): SseFrame[] {
    const frames = this.#pending;
    this.#pending = [];
    return frames;
  }
}
