import { isMimoError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from './events.js';
import type { RunResult } from './run-result.js';
import { RunStream } from './run-stream.js';
import { emptyUsage } from './usage.js';

const result: RunResult = {
  runId: 'r',
  status: 'completed',
  finalOutput: 'done',
  history: [],
  newItems: [],
  turns: [],
  usage: emptyUsage(),
  responses: [],
};
const started = (n: number): RunEvent => ({
  type: 'turn.started',
  turn: n,
  attempt: 1,
  toolsDisabled: false,
});

describe('RunStream', () => {
  it('yields every event in order, then the result', async () => {
    const stream = new RunStream(async (emit) => {
      emit(started(1));
      await Promise.resolve();
      emit(started(2));
      return result;
    });
    const seen: RunEvent[] = [];
    for await (const event of stream) seen.push(event);
    expect(seen).toEqual([started(1), started(2)]);
    await expect(stream.finalResult()).resolves.toBe(result);
  });

  it('throws the run error from the iteration after the buffered events, and from finalResult()', async () => {
    const failure = new Error('boom');
    const stream = new RunStream(async (emit) => {
      emit(started(1));
      throw failure;
    });
    const seen: RunEvent[] = [];
    await expect(async () => {
      for await (const event of stream) seen.push(event);
    }).rejects.toBe(failure);
    expect(seen).toHaveLength(1);
    await expect(stream.finalResult()).rejects.toBe(failure);
  });

  it('aborts the run when the consumer breaks out of the loop', async () => {
    let aborted: unknown;
    const stream = new RunStream(async (emit, signal) => {
      emit(started(1));
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      aborted = signal.reason;
      throw new Error('aborted');
    });
    for await (const event of stream) {
      expect(event.type).toBe('turn.started');
      break;
    }
    await expect(stream.finalResult()).rejects.toThrow('aborted');
    expect(aborted).toBeInstanceOf(Error);
  });

  it('refuses a second iterator', () => {
    const stream = new RunStream(async () => result);
    stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
    let second: unknown;
    try {
      stream[Symbol.asyncIterator]();
    } catch (error) {
      second = error;
    }
    // Everything the library throws is a MimoError with a stable code and a fix.
    expect(isMimoError(second)).toBe(true);
    expect(second).toMatchObject({ code: 'run_stream_consumed', message: expect.stringMatching(/Fix: /) });
  });
});
