import { formatFrame, readRecording, recordingNames, recordingPath } from '@mimo-agents/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { parseStreamEvent } from './parse-stream-event.js';
import { SseDecoder } from './sse-decoder.js';

function decode(chunks: readonly Uint8Array[]): ResponseStreamEvent[] {
  const decoder = new SseDecoder();
  const frames = chunks.flatMap((chunk) => decoder.push(chunk));
  frames.push(...decoder.end());
  return frames.map((frame) => parseStreamEvent(frame));
}

function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...new Set(offsets)].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    parts.push(bytes.subarray(start, point));
    start = point;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

describe.each(recordingNames)('recorded stream %s', (name) => {
  const events = readRecording(recordingPath(name));
  // Interleave a heartbeat comment, as gateways do; it must not change the events.
  const body = events
    .map((event, i) => (i === 1 ? `: ping\n\n${formatFrame(event)}` : formatFrame(event)))
    .join('');
  const bytes = new TextEncoder().encode(body);
  const expected = decode([bytes]);

  it('parses into the recorded events', () => {
    expect(expected).toEqual(events);
  });

  it('yields the same events for any set of split points (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 64 }), (offsets) => {
        expect(decode(cut(bytes, offsets))).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});

// Every offset is quadratic in the body size: run it on the two recordings with multi-byte text.
describe.each(['text', 'parallel-calls'])('recorded stream %s, split at every byte offset', (name) => {
  it('yields the same events wherever the split falls', () => {
    const bytes = new TextEncoder().encode(readRecording(recordingPath(name)).map(formatFrame).join(''));
    const expected = JSON.stringify(decode([bytes]));
    for (let offset = 0; offset <= bytes.length; offset++) {
      const got = JSON.stringify(decode(cut(bytes, [offset])));
      if (got !== expected) expect.fail(`split at byte ${offset} changed the events`);
    }
    expect(JSON.parse(expected)).toHaveLength(readRecording(recordingPath(name)).length);
  });
});
