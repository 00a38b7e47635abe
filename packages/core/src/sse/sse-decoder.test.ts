import { createParser } from 'eventsource-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LimitExceededError } from '../errors/limit-exceeded-error.js';
import { SseDecoder, type SseFrame } from './sse-decoder.js';

const recorded = [
  ': keep-alive comment',
  '',
  'event:response.created',
  'data:{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","output":[]}}',
  '',
  'event: response.output_text.delta',
  'data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"m","output_index":0,"content_index":0,"delta":"Café ☕ naïve 🌧️ 東京"}',
  '',
  ':',
  '',
  'event:response.function_call_arguments.delta',
  'data:{"type":"response.function_call_arguments.delta","sequence_number":2,"item_id":"fc","output_index":1,"delta":"{\\"city\\":\\"Par"}',
  '',
  'event:response.completed',
  'data:{"type":"response.completed","sequence_number":3,',
  'data:"response":{"id":"resp_1","status":"completed","output":[]}}',
  '',
  '',
];

function decodeAll(chunks: readonly Uint8Array[]): SseFrame[] {
  const decoder = new SseDecoder();
  const frames: SseFrame[] = [];
  for (const chunk of chunks) frames.push(...decoder.push(chunk));
  frames.push(...decoder.end());
  return frames;
}

function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets)].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(start, cut));
    start = cut;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

describe('SseDecoder', () => {
  const lf = new TextEncoder().encode(recorded.join('\n'));
  const crlf = new TextEncoder().encode(recorded.join('\r\n'));
  const expected = decodeAll([lf]);

  it('reads event names with or without a space, skips comments, joins multi-line data', () => {
    expect(expected.map((f) => f.event)).toEqual([
      'response.created',
      'response.output_text.delta',
      'response.function_call_arguments.delta',
      'response.completed',
    ]);
    expect(JSON.parse(expected[1]!.data).delta).toBe('Café ☕ naïve 🌧️ 東京');
    expect(JSON.parse(expected[3]!.data).response.status).toBe('completed');
  });

  it('gives the same frames for CRLF line endings', () => {
    expect(decodeAll([crlf])).toEqual(expected);
  });

  it('gives the same frames when the stream is split at every single byte offset', () => {
    for (const bytes of [lf, crlf]) {
      for (let i = 0; i <= bytes.length; i++) {
        expect(decodeAll(splitAt(bytes, [i]))).toEqual(expected);
      }
    }
  });

  it('gives the same frames for any set of split points (property)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.nat(), { maxLength: 40 }), (useCrlf, raw) => {
        const bytes = useCrlf ? crlf : lf;
        const offsets = raw.map((n) => n % (bytes.length + 1));
        expect(decodeAll(splitAt(bytes, offsets))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('feeds one byte at a time', () => {
    const bytes = [...lf].map((b) => Uint8Array.of(b));
    expect(decodeAll(bytes)).toEqual(expected);
  });

  it('drops an unterminated last frame at end of body', () => {
    const decoder = new SseDecoder();
    expect(decoder.push(new TextEncoder().encode('data:{"a":1}\n'))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });
});

/** The reference: eventsource-parser behind a streaming `TextDecoder` (what the decoder replaced). */
function referenceFrames(chunks: readonly Uint8Array[]): SseFrame[] {
  const frames: SseFrame[] = [];
  const parser = createParser({
    onEvent: (message) => frames.push({ event: message.event, data: message.data }),
  });
  const text = new TextDecoder();
  for (const chunk of chunks) parser.feed(text.decode(chunk, { stream: true }));
  parser.feed(text.decode());
  return frames;
}

describe('SseDecoder against eventsource-parser', () => {
  const line = fc.oneof(
    fc.constantFrom(
      '',
      'data:',
      'data',
      'data: ',
      'data:  two spaces',
      'event:',
      'event',
      'event: named',
      ':',
      ': comment',
      'id: 7',
      'retry: 10',
      'retry: x',
      'unknown: field',
      'dat: almost',
      'datax: no',
      'eventful: no',
      'data:{"type":"response.output_text.delta","delta":"naïve 🌧️ 東京"}',
    ),
    fc.string({ maxLength: 12 }).map((value) => `data:${value.replace(/[\r\n]/g, '')}`),
  );
  const stream = fc
    .array(fc.tuple(line, fc.constantFrom('\n', '\r', '\r\n')), { maxLength: 30, size: 'max' })
    .chain((lines) => {
      const body = new TextEncoder().encode(lines.map(([text, end]) => text + end).join(''));
      return fc.tuple(fc.constant(body), fc.array(fc.nat(body.length), { maxLength: 12 }));
    });

  it('gives the same frames for any lines, line ends and split points (property)', () => {
    fc.assert(
      fc.property(stream, ([body, offsets]) => {
        const chunks = splitAt(body, offsets);
        expect(decodeAll(chunks)).toEqual(referenceFrames(chunks));
      }),
      { numRuns: 2000 },
    );
  });

  it('forgets an event name at a blank line that ends no frame', () => {
    const chunks = [new TextEncoder().encode('event: named\n\ndata: x\n\n')];
    expect(decodeAll(chunks)).toEqual([{ event: undefined, data: 'x' }]);
    expect(decodeAll(chunks)).toEqual(referenceFrames(chunks));
  });

  it('drops a leading BOM, in bytes or in a string chunk', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('data: a\n\n')]);
    expect(decodeAll(splitAt(bytes, [1, 2]))).toEqual([{ event: undefined, data: 'a' }]);
    const decoder = new SseDecoder();
    expect(decoder.push('\uFEFFdata: b\n\n')).toEqual([{ event: undefined, data: 'b' }]);
  });

  it('keeps a CR at the end of a chunk and its LF at the start of the next as one line end', () => {
    const decoder = new SseDecoder();
    expect(decoder.push('data: a\r')).toEqual([]);
    expect(decoder.push('\n')).toEqual([]);
    expect(decoder.push('\r\n')).toEqual([{ event: undefined, data: 'a' }]);
  });

  it('refuses a frame past maxEventBytes, also when it grows in small chunks', () => {
    const decoder = new SseDecoder(64);
    expect(decoder.push(`data: ${'x'.repeat(30)}\n\n`)).toHaveLength(1);
    decoder.push(`data: ${'y'.repeat(30)}`);
    expect(() => decoder.push('y'.repeat(40))).toThrow(LimitExceededError);
  });
});
