import { AsyncResource } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyReader } from './body-reader.js';
import type { ChunkTarget } from './send-request.js';

/** Reads `reader` to its end (or failure) through `readInto`, one read at a time. */
function readAll(reader: BodyReader): Promise<{ chunks: string[]; error?: unknown }> {
  return new Promise((resolve) => {
    const chunks: string[] = [];
    const target: ChunkTarget = {
      chunk: (chunk) => {
        if (chunk === undefined) resolve({ chunks });
        else {
          chunks.push(Buffer.from(chunk).toString());
          reader.readInto(target);
        }
      },
      readFailed: (error) => resolve({ chunks, error }),
    };
    reader.readInto(target);
  });
}

describe('BodyReader', () => {
  it('hands over every byte in order, then the end', async () => {
    const body = new Readable({ read() {} });
    const reader = new BodyReader(body, new AsyncResource('test'));
    const read = readAll(reader);
    body.push('one ');
    setImmediate(() => {
      body.push('two ');
      body.push('three');
      body.push(null);
    });
    const { chunks, error } = await read;
    expect(error).toBeUndefined();
    expect(chunks.join('')).toBe('one two three');
  });

  it('hands over data already buffered at once, without waiting', () => {
    const body = new Readable({ read() {} });
    body.push('ready');
    const reader = new BodyReader(body, new AsyncResource('test'));
    let got: string | undefined;
    reader.readInto({
      chunk: (chunk) => {
        got = chunk === undefined ? 'end' : Buffer.from(chunk).toString();
      },
      readFailed: () => {
        got = 'failed';
      },
    });
    expect(got).toBe('ready');
  });

  it('a body destroyed with an error fails the pending read with it', async () => {
    const body = new Readable({ read() {} });
    const reader = new BodyReader(body, new AsyncResource('test'));
    const read = readAll(reader);
    body.push('partial');
    const cut = new Error('socket hang up');
    setImmediate(() => body.destroy(cut));
    const { chunks, error } = await read;
    expect(chunks).toEqual(['partial']);
    expect(error).toBe(cut);
  });

  it('a body closed before its end (no error) fails the read as a premature close, never as a clean end', async () => {
    const body = new Readable({ read() {} });
    const reader = new BodyReader(body, new AsyncResource('test'));
    const read = readAll(reader);
    setImmediate(() => body.destroy());
    const { error } = await read;
    expect((error as { code?: string }).code).toBe('ERR_STREAM_PREMATURE_CLOSE');
  });

  it('after the end, a further read gets the end again', async () => {
    const body = new Readable({ read() {} });
    const reader = new BodyReader(body, new AsyncResource('test'));
    body.push('x');
    body.push(null);
    expect((await readAll(reader)).chunks).toEqual(['x']);
    const again = await new Promise<string>((resolve) =>
      reader.readInto({
        chunk: (chunk) => resolve(chunk === undefined ? 'end' : 'data'),
        readFailed: () => resolve('failed'),
      }),
    );
    expect(again).toBe('end');
  });
});
