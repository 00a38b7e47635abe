import type { ServerResponse } from 'node:http';
import type { Fault, FiredFault } from '../reply/fault.js';
import type { WireStreamEvent } from '../wire/stream-event.js';
import { pause } from './pause.js';

/** How a stream write ended. */
export type StreamOutcome = 'ended' | 'dropped' | 'stalled' | 'held' | 'closed';

/** Inputs of `writeEventStream()`. */
export interface WriteEventStreamOptions {
  res: ServerResponse;
  events: readonly WireStreamEvent[];
  faults: readonly Fault[];
  eventDelayMs: number;
  splitAt: readonly number[];
  /** Aborted when the server closes. */
  signal: AbortSignal;
  onFault: (fired: FiredFault) => void;
}

/** Formats one SSE frame as MiMo does: no space after the colon. */
export function formatFrame(event: { type: string }): string {
  return `event:${event.type}\ndata:${JSON.stringify(event)}\n\n`;
}

/** Responses the server destroyed on purpose (a drop fault), so they are not taken for client aborts. */
export const droppedByServer = new WeakSet<ServerResponse>();

const malformedFrame =
  'event:response.output_text.delta\ndata:{"type":"response.output_text.delta","delta":\n\n';

/** Writes SSE frames with the configured delays, TCP split points and faults. */
export async function writeEventStream(options: WriteEventStreamOptions): Promise<StreamOutcome> {
  const { res, faults, signal } = options;
  let events = options.events;
  const noTerminal = faults.find((fault) => fault.type === 'no-terminal-event');
  if (noTerminal !== undefined) events = events.slice(0, -1);
  const splits = [...options.splitAt].sort((a, b) => a - b);
  let offset = 0;
  // Nothing is to be written or held after the last frame: no split points, no fault after it.
  const endWithLast =
    splits.length === 0 &&
    !faults.some(
      (fault) =>
        fault.type === 'hold-open-after-terminal' ||
        (fault.type === 'malformed-frame' && fault.afterEvents >= events.length),
    );
  let ended = false;
  const closed = (): boolean => signal.aborted || res.destroyed || res.socket === null;

  const write = async (text: string): Promise<void> => {
    const bytes = Buffer.from(text, 'utf8');
    let start = 0;
    for (const split of splits) {
      const at = split - offset;
      if (at <= start || at >= bytes.length) continue;
      await writeChunk(res, bytes.subarray(start, at));
      // A short pause so the two halves leave in separate TCP segments.
      await pause(5, signal);
      start = at;
    }
    await writeChunk(res, bytes.subarray(start));
    offset += bytes.length;
  };

  for (let written = 0; written <= events.length; written++) {
    for (const fault of faults) {
      if (fault.type === 'malformed-frame' && fault.afterEvents === written) {
        await write(malformedFrame);
        options.onFault({ ...fault, eventsWritten: written });
      }
      if (fault.type === 'drop-after-events' && fault.events === written && written < events.length) {
        options.onFault({ ...fault, eventsWritten: written });
        droppedByServer.add(res);
        res.socket?.destroy();
        return 'dropped';
      }
      if (fault.type === 'stall-after-events' && fault.events === written && written < events.length) {
        options.onFault({ ...fault, eventsWritten: written });
        await untilClosed(res, signal);
        return 'stalled';
      }
    }
    const event = events[written];
    if (event === undefined) break;
    if (closed()) return 'closed';
    if (written > 0) await pause(options.eventDelayMs, signal);
    if (written === events.length - 1 && endWithLast) {
      // The last frame and the end of the body leave in one write, as from a server that ends the
      // body right after the terminal event: a client that stops reading at that event finds the
      // response complete and can reuse the connection.
      res.end(formatFrame(event));
      ended = true;
    } else await write(formatFrame(event));
  }
  if (noTerminal !== undefined) options.onFault({ ...noTerminal, eventsWritten: events.length });
  if (ended) return 'ended';
  const holdOpen = faults.find((fault) => fault.type === 'hold-open-after-terminal');
  if (holdOpen !== undefined && noTerminal === undefined && !closed()) {
    // A MiMo gateway was seen keeping the body open after response.completed: never end it, so a
    // client that waits for the socket to close hangs, and one that stops at the terminal event does not.
    options.onFault({ ...holdOpen, eventsWritten: events.length });
    await untilClosed(res, signal);
    return 'held';
  }
  res.end();
  return 'ended';
}

/** Writes a chunk and waits until it has left for the kernel, so a drop right after it loses nothing. */
function writeChunk(res: ServerResponse, chunk: Uint8Array): Promise<void> {
  if (chunk.length === 0 || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(chunk, done);
  });
}

function untilClosed(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || signal.aborted) return resolve();
    res.once('close', () => resolve());
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
