import { describe, expect, it } from 'vitest';
import { createRunQueue } from './run-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createRunQueue', () => {
  it('runs tasks of one run in call order, even when an earlier one is slower or fails', async () => {
    const queue = createRunQueue();
    const order: string[] = [];
    const gate = deferred();
    const first = queue.enqueue('r', async () => {
      await gate.promise;
      order.push('first');
      throw new Error('first failed');
    });
    const second = queue.enqueue('r', async () => {
      order.push('second');
      return 2;
    });
    const other = queue.enqueue('other', async () => {
      order.push('other');
    });
    await other;
    expect(order).toEqual(['other']);
    gate.resolve();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe(2);
    expect(order).toEqual(['other', 'first', 'second']);
  });

  it('idle() waits for what is queued and resolves at once for an unknown run', async () => {
    const queue = createRunQueue();
    await queue.idle('nothing');
    const gate = deferred();
    let done = false;
    void queue.enqueue('r', async () => {
      await gate.promise;
      done = true;
    });
    const idle = queue.idle('r');
    gate.resolve();
    await idle;
    expect(done).toBe(true);
  });
});
