import { describe, expect, it } from 'vitest';
import { StreamProtocolError } from '../errors/stream-protocol-error.js';
import { parseStreamEvent } from './parse-stream-event.js';

describe('parseStreamEvent', () => {
  it('returns a known event as typed', () => {
    const event = parseStreamEvent({
      event: 'response.output_text.delta',
      data: '{"type":"response.output_text.delta","sequence_number":4,"item_id":"m","output_index":0,"content_index":0,"delta":"hi"}',
    });
    expect(event.type).toBe('response.output_text.delta');
    if (event.type === 'response.output_text.delta') expect(event.delta).toBe('hi');
  });

  it('wraps a new event type as unknown instead of failing', () => {
    const event = parseStreamEvent({
      event: 'x',
      data: '{"type":"response.audio.delta","sequence_number":1}',
    });
    expect(event).toEqual({
      type: 'unknown',
      eventType: 'response.audio.delta',
      data: { type: 'response.audio.delta', sequence_number: 1 },
    });
  });

  it('reads a bare {"error":…} payload as an error event', () => {
    const event = parseStreamEvent({
      event: undefined,
      data: '{"error":{"code":"400","message":"Param Incorrect","param":"bad effort","type":""}}',
    });
    expect(event).toEqual({
      type: 'error',
      sequence_number: -1,
      code: '400',
      message: 'Param Incorrect',
      param: 'bad effort',
    });
  });

  it('turns non-JSON data into a StreamProtocolError with redacted raw text', () => {
    let caught: unknown;
    try {
      parseStreamEvent({ event: 'x', data: '{"type": oops Bearer sk-secretkey123456' }, [
        'sk-secretkey123456',
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StreamProtocolError);
    const error = caught as StreamProtocolError;
    expect(error.raw).toContain('oops');
    expect(error.raw).not.toContain('sk-secretkey123456');
    expect(error.message).not.toContain('sk-secretkey123456');
    expect(error.retryable).toBe(true);
  });

  it('refuses JSON that is not an object', () => {
    expect(() => parseStreamEvent({ event: undefined, data: '[1,2]' })).toThrow(StreamProtocolError);
  });

  it('redacts the key from error and response.failed events (it becomes an error message)', () => {
    const key = 'plainKeyNotShaped0042';
    const typed = parseStreamEvent(
      {
        event: 'error',
        data: JSON.stringify({
          type: 'error',
          sequence_number: 3,
          code: 'x',
          message: `bad ${key}`,
          param: key,
        }),
      },
      [key],
    );
    const bare = parseStreamEvent({ event: undefined, data: JSON.stringify({ error: { message: key } }) }, [
      key,
    ]);
    const failed = parseStreamEvent(
      {
        event: 'response.failed',
        data: JSON.stringify({
          type: 'response.failed',
          sequence_number: 9,
          response: { id: 'r', status: 'failed', output: [], error: { code: 'e', message: `echo ${key}` } },
        }),
      },
      [key],
    );
    expect(typed).toMatchObject({
      type: 'error',
      sequence_number: 3,
      message: 'bad [redacted]',
      param: '[redacted]',
    });
    expect(bare).toMatchObject({ type: 'error', message: '[redacted]' });
    expect(failed).toMatchObject({
      type: 'response.failed',
      response: { id: 'r', error: { message: 'echo [redacted]' } },
    });
    expect(JSON.stringify([typed, bare, failed])).not.toContain(key);
  });
});
