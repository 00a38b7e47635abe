import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { REDACTED, redactError, redactHeaders, redactSecrets, redactValue } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('removes a known secret wherever it appears', () => {
    expect(redactSecrets('key=my-private-thing and again my-private-thing', ['my-private-thing'])).toBe(
      `key=${REDACTED} and again ${REDACTED}`,
    );
  });

  it('removes bearer tokens, header values and sk-/tp- keys without being told the key', () => {
    const out = redactSecrets(
      'Authorization: Bearer abcdef123456 {"api-key":"xyz987654321"} tp-ABCDEFGH12345 sk-live_0123456789',
    );
    expect(out).not.toContain('abcdef123456');
    expect(out).not.toContain('xyz987654321');
    expect(out).not.toContain('tp-ABCDEFGH12345');
    expect(out).not.toContain('sk-live_0123456789');
    expect(out).toContain('Authorization');
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('Param Incorrect: max_output_tokens must be <= 131072')).toBe(
      'Param Incorrect: max_output_tokens must be <= 131072',
    );
  });
});

describe('redactHeaders', () => {
  it('redacts api-key and authorization in any case', () => {
    expect(redactHeaders({ 'API-Key': 'k', Authorization: 'Bearer k', 'content-type': 'x' })).toEqual({
      'API-Key': REDACTED,
      Authorization: REDACTED,
      'content-type': 'x',
    });
  });
});

describe('redactError', () => {
  it('scrubs the message, the stack and the cause chain', () => {
    const inner = new Error('socket said secret-key-1234');
    const outer = new Error('failed with secret-key-1234', { cause: inner });
    redactError(outer, ['secret-key-1234']);
    expect(outer.message).not.toContain('secret-key-1234');
    expect(outer.stack).not.toContain('secret-key-1234');
    expect(inner.message).toBe(`socket said ${REDACTED}`);
  });

  it('scrubs every own string field and nested data, not only message and stack', () => {
    const error = new ApiError({
      status: 400,
      param: 'echo secret-key-1234',
      serverMessage: 'x secret-key-1234',
      message: 'm',
    });
    Object.assign(error, { extra: { deep: ['secret-key-1234'] } });
    redactError(error, ['secret-key-1234']);
    expect(error.param).toBe(`echo ${REDACTED}`);
    expect(error.serverMessage).toBe(`x ${REDACTED}`);
    expect(JSON.stringify(error)).not.toContain('secret-key-1234');
  });
});

describe('redaction at construction', () => {
  it('an ApiError redacts key-shaped text in every field and its message', () => {
    const error = new ApiError({
      status: 401,
      param: 'Bearer abcdefgh12345',
      serverMessage: 'sk-live_0123456789',
      message: 'failed with api-key: zzzzzzzz999',
    });
    expect(JSON.stringify(error)).not.toMatch(/abcdefgh12345|sk-live_0123456789/);
    expect(error.message).not.toContain('zzzzzzzz999');
    expect(error.stack).not.toContain('zzzzzzzz999');
  });
});

describe('redactValue', () => {
  it('copies plain data with strings redacted and auth header entries replaced', () => {
    const input = { a: 'k=secret-key-1234', list: [{ Authorization: 'whatever' }], n: 3 };
    expect(redactValue(input, ['secret-key-1234'])).toEqual({
      a: `k=${REDACTED}`,
      list: [{ Authorization: REDACTED }],
      n: 3,
    });
    expect(input.a).toBe('k=secret-key-1234');
  });
});
