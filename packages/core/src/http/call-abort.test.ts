import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CallAbort } from './call-abort.js';

describe('CallAbort', () => {
  it('calls each listener once, in the order added, with the reason set first', () => {
    const abort = new CallAbort();
    const seen: string[] = [];
    const first = (): void => {
      seen.push(`first:${String(abort.reason)}`);
    };
    abort.addEventListener('abort', first);
    abort.addEventListener('abort', first); // the same listener twice: added once
    abort.addEventListener('abort', () => seen.push('second'));
    abort.addEventListener('abort', () => seen.push('third'), { once: true });
    expect(abort.aborted).toBe(false);
    abort.abort('why');
    abort.abort('again'); // once only
    expect(abort.aborted).toBe(true);
    expect(abort.reason).toBe('why');
    expect(seen).toEqual(['first:why', 'second', 'third']);
  });

  it('a removed listener is not called, and the others keep their order', () => {
    const abort = new CallAbort();
    const seen: string[] = [];
    const a = (): void => {
      seen.push('a');
    };
    const b = (): void => {
      seen.push('b');
    };
    const c = (): void => {
      seen.push('c');
    };
    abort.addEventListener('abort', a);
    abort.addEventListener('abort', b);
    abort.addEventListener('abort', c);
    abort.removeEventListener('abort', a);
    abort.removeEventListener('abort', c);
    abort.removeEventListener('abort', c); // twice: a no-op
    abort.addEventListener('abort', a);
    abort.abort(new Error('stop'));
    expect(seen).toEqual(['b', 'a']);
  });

  it('without a reason aborts with an AbortError DOMException, like AbortController', () => {
    const abort = new CallAbort();
    abort.abort();
    const expected = new AbortController();
    expected.abort();
    expect(abort.reason).toBeInstanceOf(DOMException);
    expect((abort.reason as DOMException).name).toBe((expected.signal.reason as DOMException).name);
  });

  it('a listener that throws does not stop the others; its error surfaces as uncaught', async () => {
    const abort = new CallAbort();
    const seen: string[] = [];
    const boom = new Error('listener failed');
    abort.addEventListener('abort', () => {
      throw boom;
    });
    abort.addEventListener('abort', () => seen.push('after'));
    const uncaught = new Promise<unknown>((resolve) => {
      const listeners = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (error) => {
        for (const listener of listeners) process.on('uncaughtException', listener);
        resolve(error);
      });
    });
    abort.abort('x');
    expect(seen).toEqual(['after']);
    expect(await uncaught).toBe(boom);
  });

  it('a listener added after the abort is never called', () => {
    const abort = new CallAbort();
    abort.abort('done');
    let called = false;
    abort.addEventListener('abort', () => {
      called = true;
    });
    abort.abort('again');
    expect(called).toBe(false);
  });

  it('calls a listener object through its handleEvent, and removes it by identity', () => {
    const abort = new CallAbort();
    const seen: string[] = [];
    const kept = { handleEvent: () => seen.push('kept') };
    const removed = { handleEvent: () => seen.push('removed') };
    abort.addEventListener('abort', removed);
    abort.addEventListener('abort', kept);
    abort.removeEventListener('abort', removed);
    abort.abort('x');
    expect(seen).toEqual(['kept']);
  });

  it('follows a caller signal until unfollowed, with its reason, leaving no listener behind', () => {
    const caller = new AbortController();
    const abort = new CallAbort();
    abort.follow(caller.signal);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    abort.unfollow();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    caller.abort('late');
    expect(abort.aborted).toBe(false);

    const again = new AbortController();
    const following = new CallAbort();
    following.follow(again.signal);
    again.abort('why');
    expect(following.aborted).toBe(true);
    expect(following.reason).toBe('why');
    following.unfollow(); // after the abort too: the listener goes
    expect(getEventListeners(again.signal, 'abort')).toHaveLength(0);
  });

  it('follows an already aborted signal by aborting at once, and follows a CallAbort too', () => {
    const caller = new AbortController();
    caller.abort('before');
    const abort = new CallAbort();
    abort.follow(caller.signal);
    expect(abort.reason).toBe('before');

    const outer = new CallAbort();
    const inner = new CallAbort();
    inner.follow(outer);
    inner.follow(undefined); // nothing to follow: a no-op
    outer.abort('outer');
    expect(inner.reason).toBe('outer');
  });
});
