import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { createLimiter } from './limiter.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createLimiter', () => {
  it('holds requests beyond maxConcurrency until a slot is released', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Number.POSITIVE_INFINITY });
    const release1 = await limiter.acquire();
    let second = false;
    const pending = limiter.acquire().then((release) => {
      second = true;
      return release;
    });
    await Promise.resolve();
    expect(second).toBe(false);
    expect(limiter.waiting).toBe(1);
    release1();
    const release2 = await pending;
    expect(second).toBe(true);
    release2();
  });

  it('caps starts per minute', async () => {
    const limiter = createLimiter({ maxConcurrency: 10, requestsPerMinute: 2 });
    (await limiter.acquire())();
    (await limiter.acquire())();
    let third = false;
    const pending = limiter.acquire().then(() => {
      third = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    expect(limiter.waiting).toBe(1);
    limiter.clear();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('opens the next 60 s window on a fake clock', async () => {
    vi.useFakeTimers();
    const limiter = createLimiter({ maxConcurrency: 10, requestsPerMinute: 2 });
    (await limiter.acquire())();
    (await limiter.acquire())();
    let third = false;
    const pending = limiter.acquire().then((release) => {
      third = true;
      release();
    });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(third).toBe(false);
    expect(limiter.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1_100);
    await pending;
    expect(third).toBe(true);
    limiter.clear();
  });

  it('lets an aborted waiter leave the queue at once', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Number.POSITIVE_INFINITY });
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(limiter.waiting).toBe(0);
    release();
  });

  it('pauses everyone for a Retry-After', async () => {
    const limiter = createLimiter({ maxConcurrency: 5, requestsPerMinute: Number.POSITIVE_INFINITY });
    limiter.pauseFor(40);
    const started = Date.now();
    const release = await limiter.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    release();
  });

  it('counts slots without queueing while they are free, and a release counts once', async () => {
    const limiter = createLimiter({ maxConcurrency: 2, requestsPerMinute: Number.POSITIVE_INFINITY });
    const release1 = await limiter.acquire();
    const release2 = await limiter.acquire();
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(0);
    release1();
    release1();
    expect(limiter.active).toBe(1);
    const release3 = await limiter.acquire();
    expect(limiter.active).toBe(2);
    release2();
    release3();
    expect(limiter.active).toBe(0);
  });

  it('serves waiters first come, first served, and a newcomer queues behind them', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Number.POSITIVE_INFINITY });
    const order: string[] = [];
    const release = await limiter.acquire();
    const waiters = ['a', 'b', 'c'].map((name) =>
      limiter.acquire().then((done) => {
        order.push(name);
        done();
      }),
    );
    expect(limiter.waiting).toBe(3);
    release();
    // Slots were never all free in between, so the late one must queue behind a, b and c.
    const late = limiter.acquire().then((done) => {
      order.push('late');
      done();
    });
    await Promise.all([...waiters, late]);
    expect(order).toEqual(['a', 'b', 'c', 'late']);
    expect(limiter.active).toBe(0);
  });

  it('rejects every waiter on clear() and stays usable', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: 5 });
    const release = await limiter.acquire();
    const waiting = [limiter.acquire(), limiter.acquire()];
    limiter.clear();
    for (const pending of waiting) await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(limiter.waiting).toBe(0);
    release();
    (await limiter.acquire())();
    expect(limiter.active).toBe(0);
  });

  it('tryTake takes a free slot at once, and none while full, while others wait, or while paused', async () => {
    const limiter = createLimiter({ maxConcurrency: 2, requestsPerMinute: Number.POSITIVE_INFINITY });
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.active).toBe(2);
    // Full: no slot, and nothing queued by asking.
    expect(limiter.tryTake()).toBe(false);
    expect(limiter.waiting).toBe(0);
    const queued = limiter.acquire();
    limiter.releaseTaken();
    const release = await queued;
    // A waiter was served first; with it queued or served, tryTake never jumps the line.
    expect(limiter.active).toBe(2);
    release();
    limiter.releaseTaken();
    expect(limiter.active).toBe(0);
    limiter.pauseFor(60_000);
    expect(limiter.tryTake()).toBe(false);
    expect(limiter.active).toBe(0);
  });

  it('tryTake takes a free slot without a release closure; releaseTaken frees it and serves the next waiter', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Number.POSITIVE_INFINITY });
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.active).toBe(1);
    expect(limiter.tryTake()).toBe(false);
    const waiting = limiter.acquire();
    expect(limiter.waiting).toBe(1);
    limiter.releaseTaken();
    const release = await waiting;
    expect(limiter.active).toBe(1);
    // A waiter holds the slot: tryTake does not jump the line, nor take a second slot.
    expect(limiter.tryTake()).toBe(false);
    release();
    expect(limiter.active).toBe(0);
  });

  it('rejects an already aborted signal without taking a slot', async () => {
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: Number.POSITIVE_INFINITY });
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    expect(limiter.active).toBe(0);
  });

  it('holds a waiter for a pause that starts while it waits for a slot (fake clock)', async () => {
    vi.useFakeTimers();
    const limiter = createLimiter({ maxConcurrency: 1, requestsPerMinute: 100 });
    const release = await limiter.acquire();
    let started = false;
    const pending = limiter.acquire().then((done) => {
      started = true;
      done();
    });
    limiter.pauseFor(5_000);
    release();
    await vi.advanceTimersByTimeAsync(4_900);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await pending;
    expect(started).toBe(true);
  });

  it('lets a waiter held by the rate window leave at once on abort (fake clock)', async () => {
    vi.useFakeTimers();
    const limiter = createLimiter({ maxConcurrency: 10, requestsPerMinute: 1 });
    (await limiter.acquire())();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(limiter.waiting).toBe(0);
    // The window still counts the first start: a new request waits for it to pass, then starts.
    let started = false;
    const next = limiter.acquire().then((done) => {
      started = true;
      done();
    });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await next;
    expect(started).toBe(true);
  });
});
