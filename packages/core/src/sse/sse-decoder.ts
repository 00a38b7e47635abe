import { LimitExceededError } from '../errors/limit-exceeded-error.js';

/** Default of `limits.maxEventBytes`: 8 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;
const BOM = 0xfeff;

/** What `push()` returns for a chunk that completed no frame: one shared array, never written to. */
const NO_FRAMES: SseFrame[] = [];

/** One server-sent event: its `event:` name (if any) and its joined `data:` lines. */
export interface SseFrame {
  event: string | undefined;
  data: string;
}

/**
 * Turns raw body chunks into SSE frames, as the SSE spec parses an event stream. Chunks may split
 * anywhere: inside a line, inside a multi-byte UTF-8 character (the streaming `TextDecoder` keeps the
 * partial bytes), between CR and LF. Lines end with LF, CR or CRLF; comments, `id`, `retry` and unknown
 * fields are skipped; multi-line `data` is joined with `\n`; a leading BOM is dropped; a frame with no
 * `data` line dispatches nothing.
 *
 * Hand-written (one pass over each chunk, no callback per frame): a line split across chunks is kept
 * as a rope of its pieces, and only the new chunk is searched for line ends, so a long frame dripped
 * in small chunks costs linear time.
 */
export class SseDecoder {
  readonly #decoder = new TextDecoder('utf-8');
  readonly #maxEventBytes: number;
  /** The unfinished last line (pieces joined by `+`, searched never: only new text is). */
  #rest = '';
  /** The frame being built: its `data` lines joined so far (`undefined`: none yet) and its `event`. */
  #data: string | undefined;
  #event: string | undefined;
  /** Size of the frame being received so far (UTF-16 units after a frame end in a chunk, bytes before). */
  #open = 0;
  /** The previous chunk ended with CR: an LF starting this one is the second half of that CRLF. */
  #skipLF = false;
  /** Nothing was read yet (a leading BOM is dropped). */
  #first = true;

  /** `maxEventBytes` bounds one frame: past it `push()` throws `LimitExceededError`. */
  constructor(maxEventBytes = DEFAULT_MAX_EVENT_BYTES) {
    this.#maxEventBytes = maxEventBytes;
  }

  /** Feed one body chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array | string): SseFrame[] {
    if (typeof chunk === 'string') return this.#feed(chunk, chunk.length);
    return this.#feed(this.#decoder.decode(chunk, { stream: true }), chunk.byteLength);
  }

  /** Flush at end of body; a last frame without its blank line is dropped, as the SSE spec says. */
  end(): SseFrame[] {
    const rest = this.#decoder.decode();
    return rest.length > 0 ? this.#feed(rest, 0) : NO_FRAMES;
  }

  /** Parse the complete lines of `text`; keep the unfinished one. `size` counts towards the open frame. */
  #feed(text: string, size: number): SseFrame[] {
    const length = text.length;
    if (length === 0) return NO_FRAMES;
    let start = 0;
    if (this.#first) {
      this.#first = false;
      if (text.charCodeAt(0) === BOM) start = 1;
    }
    if (this.#skipLF) {
      this.#skipLF = false;
      if (text.charCodeAt(start) === LF) start += 1;
    }
    let frames = NO_FRAMES;
    /** Where the text after the last blank line starts (-1: no frame ended in this chunk). */
    let frameEnd = -1;
    // Most streams never send CR: then one `indexOf` per line.
    let cr = text.indexOf('\r', start);
    let lf = text.indexOf('\n', start);
    while (start < length) {
      let end: number;
      if (cr === -1) end = lf;
      else if (lf === -1) end = cr;
      else end = Math.min(cr, lf);
      if (end === -1) break;
      let blank: boolean;
      if (this.#rest === '') blank = this.#line(text, start, end);
      else {
        const line = this.#rest + text.slice(start, end);
        this.#rest = '';
        blank = this.#line(line, 0, line.length);
      }
      if (blank && this.#data !== undefined) {
        if (frames === NO_FRAMES) frames = [];
        frames.push({ event: this.#event, data: this.#data });
        this.#data = undefined;
        this.#event = undefined;
      } else if (blank) this.#event = undefined;
      start = end + 1;
      if (text.charCodeAt(end) === CR) {
        if (start === length) this.#skipLF = true;
        else if (text.charCodeAt(start) === LF) start += 1;
        cr = text.indexOf('\r', start);
      }
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (blank) frameEnd = start;
    }
    if (start < length) this.#rest = this.#rest === '' ? text.slice(start) : this.#rest + text.slice(start);
    this.#open = frameEnd >= 0 ? length - frameEnd : this.#open + size;
    if (this.#open > this.#maxEventBytes) {
      throw new LimitExceededError({
        setting: 'limits.maxEventBytes',
        limit: this.#maxEventBytes,
        message: `A stream event grew past limits.maxEventBytes (${this.#maxEventBytes} bytes) without ending; reading stopped. Fix: raise limits.maxEventBytes if the server legitimately sends events this large.`,
      });
    }
    return frames;
  }

  /** Apply one line (`text` from `start` to `end`, its terminator excluded); true for a blank line. */
  #line(text: string, start: number, end: number): boolean {
    if (start === end) return true;
    const first = text.charCodeAt(start);
    if (first === COLON) return false; // a comment, or a heartbeat
    let colon = text.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    const name = colon - start;
    // The value: after the colon, without one leading space (a line without a colon has an empty one).
    let from = colon + 1;
    if (from < end && text.charCodeAt(from) === SPACE) from += 1;
    if (name === 4 && first === 100 && text.startsWith('data', start)) {
      const value = from >= end ? '' : text.slice(from, end);
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    } else if (name === 5 && first === 101 && text.startsWith('event', start)) {
      this.#event = from >= end ? undefined : text.slice(from, end);
    }
    // `id`, `retry` and unknown fields mean nothing to a client that never reconnects by itself.
    return false;
  }
}
