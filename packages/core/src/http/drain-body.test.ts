import { AsyncResource } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BodyReader } from './body-reader.js';
import { drainBody, drainDeadlines, MAX_DRAIN_BYTES } from './drain-body.js';

/** A body as undici hands it out: a Readable already iterated up to the terminal event. */
function openBody(): { body: Readable; iterator: BodyReader } {
  const body = new Readable({ read() {} });
  return { body, iterator: new BodyReader(body, new AsyncResource('test')) };
}

/** Resolves once the body closed, ended or destroyed with an error alike. */
function closed(body: Readable): Promise<void> {
  return new Promise((resolve) => body.once('close', resolve));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('drainBody', () => {
  it('reads the end of the body and leaves it intact (the connection can be reused)', async () => {
    const { body, iterator } = openBody();
    drainBody(body, iterator, 1_000);
    body.push(Buffer.from('0123456789'));
    body.push(null);
    await closed(body);
    expect(body.readableEnded).toBe(true);
    expect(body.errored).toBeNull();
  });

  it(`drops a body that sends more than ${MAX_DRAIN_BYTES} bytes after its terminal event`, async () => {
    const { body, iterator } = openBody();
    drainBody(body, iterator, 60_000);
    body.push(Buffer.alloc(MAX_DRAIN_BYTES));
    body.push(Buffer.alloc(1));
    await closed(body);
    expect(body.readableEnded).toBe(false);
    expect(String(body.errored)).toContain(`more than ${MAX_DRAIN_BYTES} bytes`);
  });

  it('drops a body still open after drainMs (a gateway holding the socket)', async () => {
    vi.useFakeTimers();
    const { body, iterator } = openBody();
    drainBody(body, iterator, 250);
    body.push(Buffer.from(': heartbeat\n\n'));
    await vi.advanceTimersByTimeAsync(249);
    expect(body.destroyed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(body.destroyed).toBe(true);
    expect(String(body.errored)).toContain('timeouts.drainMs');
  });

  it('holds nothing open once the body ended (its deadline is removed; the shared timer lingers unreferenced)', async () => {
    vi.useFakeTimers();
    const { body, iterator } = openBody();
    drainBody(body, iterator, 250);
    expect(drainDeadlines.size).toBe(1);
    expect(drainDeadlines.armed).toBe(true);
    body.push(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(drainDeadlines.size).toBe(0);
    expect(drainDeadlines.armed).toBe(false);
    expect(body.destroyed).toBe(true);
    expect(body.errored).toBeNull();
    // The lingering timer wakes once, finds nothing due and stops.
    await vi.advanceTimersByTimeAsync(250);
    expect(drainDeadlines.timerSet).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('many drains in a row share one Node timer, and each one still gets its own deadline', async () => {
    vi.useFakeTimers();
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    for (let i = 0; i < 5; i++) {
      const { body, iterator } = openBody();
      drainBody(body, iterator, 250);
      body.push(null);
      await vi.advanceTimersByTimeAsync(10);
    }
    // Each later drain's deadline is later than the one the timer is set for: it was never re-armed.
    expect(clearSpy).not.toHaveBeenCalled();
    clearSpy.mockRestore();
    const held = openBody();
    drainBody(held.body, held.iterator, 250);
    held.body.push(Buffer.from(': heartbeat\n\n'));
    await vi.advanceTimersByTimeAsync(249);
    expect(held.body.destroyed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(held.body.destroyed).toBe(true);
    expect(String(held.body.errored)).toContain('timeouts.drainMs');
  });
});
