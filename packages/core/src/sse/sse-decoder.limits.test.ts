import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LimitExceededError } from '../errors/limit-exceeded-error.js';
import { SseDecoder } from './sse-decoder.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap bytes the decoder holds after `feed`, per byte fed (after a full GC on both sides). */
function heapPerByte(feed: (decoder: SseDecoder) => number): number {
  const decoder = new SseDecoder(64 * 1024 * 1024);
  gc();
  const before = process.memoryUsage().heapUsed;
  const bytes = feed(decoder);
  gc();
  const after = process.memoryUsage().heapUsed;
  expect(decoder.push('\n\n')).toHaveLength(1); // still holds everything: the frame comes out whole
  return (after - before) / bytes;
}

describe('SseDecoder memory for a frame dripped in tiny chunks', () => {
  it('an unfinished line in 1-byte chunks costs about its size, not a rope node per byte', () => {
    const bytes = 2_000_000;
    const perByte = heapPerByte((decoder) => {
      decoder.push('data: ');
      for (let i = 0; i < bytes; i++) decoder.push('x');
      return bytes;
    });
    // A `+` rope held 32 bytes per byte here; the piece list 1.06 (one-byte strings, joined per 512).
    expect(perByte).toBeLessThan(6);
  });

  it('a frame of many short data lines costs about its size', () => {
    const lines = 300_000;
    const perByte = heapPerByte((decoder) => {
      for (let i = 0; i < lines; i++) decoder.push('data:a\n');
      return lines * 7;
    });
    // A `+` rope per line held 9.1 bytes per byte here; the piece list 0.3.
    expect(perByte).toBeLessThan(3);
  });
});

describe('SseDecoder limits.maxEventBytes per frame', () => {
  it('delivers the frames before an oversized one in the same chunk, then refuses', () => {
    const decoder = new SseDecoder(100);
    const big = `data: ${'b'.repeat(150)}\n\n`;
    expect(decoder.push(`data: ok\n\n${big}data: later\n\n`)).toEqual([{ event: undefined, data: 'ok' }]);
    expect(() => decoder.push('data: more\n\n')).toThrow(LimitExceededError);
    expect(() => decoder.end()).toThrow(LimitExceededError);
  });

  it('refuses a frame over the limit whose end arrives in the chunk that crosses it', () => {
    const decoder = new SseDecoder(100);
    expect(decoder.push(`data: ${'a'.repeat(80)}`)).toEqual([]);
    expect(decoder.push(`${'a'.repeat(70)}\n\n`)).toEqual([]);
    expect(() => decoder.end()).toThrow(LimitExceededError);
  });

  it('a finished (terminal) frame followed by too many unfinished bytes in one chunk still goes out', () => {
    const decoder = new SseDecoder(100);
    const frames = decoder.push(`event: response.completed\ndata: {"ok":1}\n\n${'z'.repeat(200)}`);
    expect(frames).toEqual([{ event: 'response.completed', data: '{"ok":1}' }]);
    expect(() => decoder.push('z')).toThrow(LimitExceededError);
  });

  it('a frame at the limit is delivered', () => {
    const decoder = new SseDecoder(100);
    const frame = `data: ${'c'.repeat(92)}\n\n`; // 100 characters with its blank line
    expect(frame).toHaveLength(100);
    expect(decoder.push(frame.slice(0, 50))).toEqual([]);
    expect(decoder.push(frame.slice(50))).toHaveLength(1);
  });
});
