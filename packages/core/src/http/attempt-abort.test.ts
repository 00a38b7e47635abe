import { describe, expect, it } from 'vitest';
import { AttemptAbort } from './attempt-abort.js';

describe('AttemptAbort', () => {
  it('calls the one listener once, with the reason set before it runs', () => {
    const abort = new AttemptAbort();
    const seen: unknown[] = [];
    abort.once('abort', () => seen.push(abort.reason));
    expect(abort.fired).toBe(false);
    const reason = new Error('first-byte deadline');
    abort.abort(reason);
    abort.abort(new Error('again'));
    expect(seen).toEqual([reason]);
    expect(abort.fired).toBe(true);
    expect(abort.reason).toBe(reason);
  });

  it('a removed listener is not called; another listener is not removed by mistake', () => {
    const abort = new AttemptAbort();
    const calls: string[] = [];
    const first = (): void => {
      calls.push('first');
    };
    abort.on('abort', first);
    abort.removeListener('abort', () => undefined);
    abort.removeListener('abort', first);
    abort.abort(new Error('x'));
    expect(calls).toEqual([]);
    expect(abort.fired).toBe(true);
  });

  it('has no `aborted` property: undici would take it for an AbortSignal', () => {
    expect('aborted' in new AttemptAbort()).toBe(false);
    expect(typeof new AttemptAbort().on).toBe('function');
  });
});
