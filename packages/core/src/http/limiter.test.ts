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
});
