import { createParser, type EventSourceParser } from 'eventsource-parser';

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

  constructor() {
    this.#parser = createParser({
      onEvent: (message) => {
        this.#pending.push({ event: message.event, data: message.data });
      },
    });
  }

  /** Feed one body chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array | string): SseFrame[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    if (text.length > 0) this.#parser.feed(text);
    return this.#take();
  }

  /** Flush at end of body; a last frame without its blank line is dropped, as the SSE spec says. */
  end(): SseFrame[] {
    const rest = this.#decoder.decode();
    if (rest.length > 0) this.#parser.feed(rest);
    return this.#take();
  }

  #take(): SseFrame[] {
    const frames = this.#pending;
    this.#pending = [];
    return frames;
  }
}
