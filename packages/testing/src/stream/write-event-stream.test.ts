import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../reply/fault.js';
import type { WireStreamEvent } from '../wire/stream-event.js';
import { formatFrame, writeEventStream } from './write-event-stream.js';

/** A response that records its writes: `write` acknowledges at once, `end` closes. */
function recordingResponse(): { res: ServerResponse; calls: [string, string][] } {
  const calls: [string, string][] = [];
  const fake = {
    destroyed: false,
    socket: {},
    write(chunk: Uint8Array | string, done: () => void) {
      calls.push(['write', Buffer.from(chunk).toString('utf8')]);
      done();
      return true;
    },
    end(chunk?: string) {
      calls.push(['end', chunk ?? '']);
    },
    once() {
      return fake;
    },
    off() {
      return fake;
    },
  };
  return { res: fake as unknown as ServerResponse, calls };
}

const events = [
  { type: 'response.created', sequence_number: 0 },
  { type: 'response.output_text.delta', sequence_number: 1, delta: 'Hi' },
  { type: 'response.completed', sequence_number: 2 },
] as unknown as WireStreamEvent[];

async function written(faults: Fault[], splitAt: number[] = []): Promise<[string, string][]> {
  const { res, calls } = recordingResponse();
  await writeEventStream({
    res,
    events,
    faults,
    eventDelayMs: 0,
    splitAt,
    signal: new AbortController().signal,
    onFault: () => {},
  });
  return calls;
}

describe('writeEventStream', () => {
  it('ends the body with the last frame in one call, so it cannot arrive after the terminal event', async () => {
    expect(await written([])).toEqual([
      ['write', formatFrame(events[0] as WireStreamEvent)],
      ['write', formatFrame(events[1] as WireStreamEvent)],
      ['end', formatFrame(events[2] as WireStreamEvent)],
    ]);
  });

  it('writes the last frame on its own when something follows it or it is split', async () => {
    const held = await written([{ type: 'malformed-frame', afterEvents: 3 }]);
    expect(held.map(([kind]) => kind)).toEqual(['write', 'write', 'write', 'write', 'end']);
    const split = await written([], [5]);
    expect(split.at(-1)).toEqual(['end', '']);
  });
});
