import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followSignal, followSignals } from './follow-signals.js';

describe('followSignals', () => {
  it('aborts the controller with the reason of the source that aborts', () => {
    const controller = new AbortController();
    const a = new AbortController();
    const b = new AbortController();
    followSignals(controller, [a.signal, undefined, b.signal]);
    expect(controller.signal.aborted).toBe(false);
    b.abort('b stopped');
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe('b stopped');
    a.abort('a stopped');
    expect(controller.signal.reason).toBe('b stopped');
  });

  it('aborts at once when a source has already aborted', () => {
    const controller = new AbortController();
    followSignals(controller, [AbortSignal.abort('already')]);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe('already');
  });

  it('stops following once the returned function is called', () => {
    const controller = new AbortController();
    const source = new AbortController();
    const unfollow = followSignals(controller, [source.signal]);
    unfollow();
    source.abort('late');
    expect(controller.signal.aborted).toBe(false);
  });

  it('followSignal leaves no listener on the source once unfollowed, aborted or not', () => {
    const controller = new AbortController();
    const source = new AbortController();
    const unfollow = followSignal(controller, source.signal);
    expect(getEventListeners(source.signal, 'abort')).toHaveLength(1);
    source.abort('stop');
    expect(controller.signal.reason).toBe('stop');
    unfollow();
    expect(getEventListeners(source.signal, 'abort')).toHaveLength(0);
    expect(followSignal(new AbortController(), undefined)).toBeTypeOf('function');
  });
});
