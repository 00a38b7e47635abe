import { LimitExceededError } from '../errors/limit-exceeded-error.js';
import { PieceList } from './piece-list.js';

/** Default of `limits.maxEventBytes`: 8 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;
const BOM = 0xfeff;

/** `TextDecoder.decode`'s options for a chunk of a stream: one object, not one per chunk. */
const STREAMING = Object.freeze({ stream: true });

/** What `push()` returns for a chunk that completed no frame: one shared array, never written to. */
const NO_FRAMES: SseFrame[] = [];

/**
 * Pieces of an unfinished line kept as a `+` rope before the rest go to a {@link PieceList}: at most
 * ~32 KiB of rope nodes per line, and a whole event line dripped byte by byte stays on the rope (64 put
 * such lines on the list and cost benchmark 1 a third of its speed at 1-byte chunks).
 */
const ROPE_PIECES = 1024;

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
 * as its pieces, and only the new chunk is searched for line ends, so a long frame dripped in small
 * chunks costs linear time; the pieces go to a {@link PieceList} (not a `+` rope, whose node per piece
 * would cost ~32 bytes of heap per byte dripped one byte at a time), so memory stays about the bytes
 * held; a frame's many `data` lines likewise.
 */
export class SseDecoder {
  readonly #decoder = new TextDecoder('utf-8');
  readonly #maxEventBytes: number;
  /** The unfinished last line: its first {@link ROPE_PIECES} pieces joined by `+` (searched never: only new text is) … */
  #rest = '';
  #restCount = 0;
  /** … and the pieces after those (`undefined` until one comes). */
  #restPieces: PieceList | undefined;
  /** The frame being built: its first `data` line (`undefined`: none yet), any further ones, and its `event`. */
  #data: string | undefined;
  #moreData: PieceList | undefined;
  #event: string | undefined;
  /** The limit was passed after frames that ended in the same chunk: those went out, the next call throws. */
  #overLimit = false;
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
    return this.#feed(this.#decoder.decode(chunk, STREAMING), chunk.byteLength);
  }

  /** Flush at end of body; a last frame without its blank line is dropped, as the SSE spec says. */
  end(): SseFrame[] {
    if (this.#overLimit) throw this.#limitError();
    const rest = this.#decoder.decode();
    return rest.length > 0 ? this.#feed(rest, 0) : NO_FRAMES;
  }

  /** Parse the complete lines of `text`; keep the unfinished one. `size` counts towards the open frame. */
  #feed(text: string, size: number): SseFrame[] {
    if (this.#overLimit) throw this.#limitError();
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
        const line = this.#takeRest(text.slice(start, end));
        blank = this.#line(line, 0, line.length);
      }
      if (blank && this.#data !== undefined) {
        // The frame's size: what came before this chunk (if it began there) plus its part of this one.
        if ((frameEnd >= 0 ? end - frameEnd : this.#open + end) > this.#maxEventBytes) {
          // Too large: the frames before it go out, the next call throws.
          this.#overLimit = true;
          return frames;
        }
        if (frames === NO_FRAMES) frames = [];
        frames.push({ event: this.#event, data: this.#takeData() });
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
    if (start < length) this.#keepRest(text.slice(start));
    this.#open = frameEnd >= 0 ? length - frameEnd : this.#open + size;
    if (this.#open > this.#maxEventBytes) {
      if (frames === NO_FRAMES) throw this.#limitError();
      // The frames that ended in this chunk are complete (a terminal event among them must not be lost).
      this.#overLimit = true;
    }
    return frames;
  }

  #limitError(): LimitExceededError {
    return new LimitExceededError({
      setting: 'limits.maxEventBytes',
      limit: this.#maxEventBytes,
      message: `A stream event grew past limits.maxEventBytes (${this.#maxEventBytes} bytes); reading stopped. Fix: raise limits.maxEventBytes if the server legitimately sends events this large.`,
    });
  }

  /** Keep a piece of the unfinished line. */
  #keepRest(piece: string): void {
    // A few pieces (a line split over a few chunks, the usual case) as a rope: cheapest. A rope node
    // costs ~32 bytes, so past that many pieces they go to a list, joined into flat blocks.
    if (this.#restCount < ROPE_PIECES) {
      this.#rest = this.#rest === '' ? piece : this.#rest + piece;
      this.#restCount += 1;
    } else if (this.#restPieces === undefined) this.#restPieces = new PieceList('', piece);
    else this.#restPieces.push(piece);
  }

  /** The unfinished line completed by `last`; clears it. */
  #takeRest(last: string): string {
    const pieces = this.#restPieces;
    const line = pieces === undefined ? this.#rest + last : `${this.#rest}${pieces.join()}${last}`;
    this.#rest = '';
    this.#restCount = 0;
    this.#restPieces = undefined;
    return line;
  }

  /** The frame's `data` (its lines joined with `\n`); clears it. */
  #takeData(): string {
    const more = this.#moreData;
    const data = more === undefined ? (this.#data as string) : `${this.#data}\n${more.join()}`;
    this.#data = undefined;
    this.#moreData = undefined;
    return data;
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
      if (this.#data === undefined) this.#data = value;
      else if (this.#moreData === undefined) this.#moreData = new PieceList('\n', value);
      else this.#moreData.push(value);
    } else if (name === 5 && first === 101 && text.startsWith('event', start)) {
      this.#event = from >= end ? undefined : text.slice(from, end);
    }
    // `id`, `retry` and unknown fields mean nothing to a client that never reconnects by itself.
    return false;
  }
}
