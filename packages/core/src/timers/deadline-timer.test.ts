import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DeadlineEntry, DeadlineTimer } from './deadline-timer.js';

afterEach(() => {
  vi.useRealTimers();
});

/** An entry that records when (in fake ms) it expired. */
function entry(log: string[], name: string): DeadlineEntry {
  return {
    deadline: 0,
    heapIndex: -1,
    expire: () => log.push(`${name}@${Date.now()}`),
  };
}

describe('DeadlineTimer', () => {
  it('still fires the other deadlines when one expire() throws', async () => {
    vi.useFakeTimers({ now: 0 });
    const timer = new DeadlineTimer();
    const log: string[] = [];
    const failing: DeadlineEntry = {
      deadline: 0,
      heapIndex: -1,
      expire: () => {
        throw new Error('expire failed');
      },
    };
    timer.add(failing, 100);
    timer.add(entry(log, 'same-time'), 100);
    timer.add(entry(log, 'later'), 200);
    expect(() => vi.advanceTimersByTime(100)).toThrow('expire failed');
    // The fault fired; the timer was re-armed for what was left.
    expect(timer.armed).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    // The entry due with the failing one fires at once (a timer's least delay: the next ms).
    expect(log).toEqual(['same-time@101', 'later@200']);
    expect(timer.size).toBe(0);
    expect(timer.armed).toBe(false);
  });

  it('fires every deadline once, in deadline order, on one Node timer', async () => {
    vi.useFakeTimers({ now: 0 });
    const timer = new DeadlineTimer();
    const log: string[] = [];
    // Added out of order, two with the same deadline.
    for (const [name, ms] of [
      ['c', 300],
      ['a', 100],
      ['d', 300],
      ['b', 200],
      ['e', 50_000],
    ] as const)
      timer.add(entry(log, name), ms);
    expect(timer.size).toBe(5);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(299);
    expect(log).toEqual(['a@100', 'b@200']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log.slice(2).sort()).toEqual(['c@300', 'd@300']);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(log).toHaveLength(5);
    expect(log[4]).toBe('e@50000');
    // Nothing waits: no timer is left to hold the process open.
    expect(timer.size).toBe(0);
    expect(timer.armed).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a removed entry never fires and is no longer referenced; the last removal clears the timer', async () => {
    vi.useFakeTimers({ now: 0 });
    const timer = new DeadlineTimer();
    const log: string[] = [];
    const first = entry(log, 'first');
    const second = entry(log, 'second');
    const third = entry(log, 'third');
    timer.add(first, 100);
    timer.add(second, 200);
    timer.add(third, 300);
    timer.remove(first);
    timer.remove(first); // twice: a no-op
    expect(first.heapIndex).toBe(-1);
    expect(timer.size).toBe(2);
    await vi.advanceTimersByTimeAsync(250);
    // The timer armed for `first` woke up, found nothing due and re-armed for `second`.
    expect(log).toEqual(['second@200']);
    timer.remove(third);
    expect(timer.size).toBe(0);
    expect(timer.armed).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(['second@200']);
  });

  it('re-arms for an earlier deadline added later, and keeps a random mix in order', async () => {
    vi.useFakeTimers({ now: 0 });
    const timer = new DeadlineTimer();
    const fired: number[] = [];
    const entries: DeadlineEntry[] = [];
    // A fixed pseudo-random sequence: deadlines 1..997 ms, every third entry removed before it is due.
    let seed = 7;
    for (let i = 0; i < 300; i += 1) {
      seed = (seed * 31 + 17) % 997;
      const ms = seed + 1;
      const item: DeadlineEntry = { deadline: 0, heapIndex: -1, expire: () => fired.push(ms) };
      entries.push(item);
      timer.add(item, ms);
    }
    const removed = entries.filter((_, i) => i % 3 === 0);
    for (const item of removed) timer.remove(item);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fired).toHaveLength(300 - removed.length);
    expect(fired).toEqual([...fired].sort((a, b) => a - b));
    expect(timer.armed).toBe(false);
  });

  it('fires outside the async context of whoever added the entry (it keeps no caller context alive)', async () => {
    const storage = new AsyncLocalStorage<string>();
    const timer = new DeadlineTimer();
    const seen = await new Promise<string | undefined>((resolve) => {
      storage.run('caller', () => {
        timer.add({ deadline: 0, heapIndex: -1, expire: () => resolve(storage.getStore()) }, 1);
      });
    });
    expect(seen).toBeUndefined();
  });
});

describe('DeadlineTimer with linger', () => {
  it('keeps one timer between entries, re-armed only for an earlier deadline, and still fires each deadline on time', async () => {
    vi.useFakeTimers({ now: 0 });
    const timer = new DeadlineTimer({ linger: true });
    const log: string[] = [];
    const first = entry(log, 'first');
    timer.add(first, 1_000);
    timer.remove(first);
    // Nothing waits: the timer is left set but holds nothing open.
    expect(timer.size).toBe(0);
    expect(timer.armed).toBe(false);
    expect(timer.timerSet).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    // A later deadline reuses it: it wakes at 1,000, finds nothing due and re-arms for 1,500.
    // (Re-arming clears the timer first: counting clearTimeout counts re-arms.)
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    timer.add(entry(log, 'later'), 1_500);
    expect(timer.armed).toBe(true);
    expect(clearSpy).not.toHaveBeenCalled();
    // An earlier one re-arms at once.
    timer.add(entry(log, 'earlier'), 200);
    expect(clearSpy).toHaveBeenCalledTimes(1);
    clearSpy.mockRestore();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(log).toEqual(['earlier@200', 'later@1500']);
    // Every entry fired: the timer stopped with the last one.
    expect(timer.timerSet).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a lingering timer that wakes with nothing due stops, and a later entry arms a new one', async () => {
    vi.useFakeTimers({ now: 0 });
    const timer = new DeadlineTimer({ linger: true });
    const log: string[] = [];
    const gone = entry(log, 'gone');
    timer.add(gone, 100);
    timer.remove(gone);
    await vi.advanceTimersByTimeAsync(150);
    expect(timer.timerSet).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    timer.add(entry(log, 'next'), 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['next@250']);
  });

  it('holds the process open exactly while an entry waits (a real Node timer, unreferenced in between)', () => {
    const timeouts = (): number =>
      process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const timer = new DeadlineTimer({ linger: true });
    const before = timeouts();
    const one = entry([], 'one');
    timer.add(one, 60_000);
    expect(timeouts()).toBe(before + 1);
    timer.remove(one);
    expect(timeouts()).toBe(before);
    expect(timer.timerSet).toBe(true);
    const two = entry([], 'two');
    timer.add(two, 120_000);
    expect(timeouts()).toBe(before + 1);
    timer.remove(two);
    expect(timeouts()).toBe(before);
  });

  it('does not trust a timer set under another clock: an entry added after fake timers ended still fires', async () => {
    const timer = new DeadlineTimer({ linger: true });
    vi.useFakeTimers({ now: 0 });
    const early = entry([], 'early');
    timer.add(early, 10);
    timer.remove(early);
    vi.useRealTimers();
    // The fake timer set for 10 ms will never fire now; a later deadline must arm a real one.
    const fired = await new Promise<boolean>((resolve) => {
      timer.add({ deadline: 0, heapIndex: -1, expire: () => resolve(true) }, 20);
    });
    expect(fired).toBe(true);
    expect(timer.armed).toBe(false);
  });
});
