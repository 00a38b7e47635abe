import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { toolDeadlines } from './deadline-timer.js';
import { startToolCall, type ToolCallSink } from './start-tool-call.js';
import { tool } from './tool.js';
import type { ToolOutcome } from './tool-outcome.js';
import type { ToolProgressUpdate } from './tool-progress.js';
import type { ToolContext } from './tool-types.js';

const call = { callId: 'call_1', name: 'wait', arguments: '{}' };

function waitTool(execute: (args: object, ctx: ToolContext) => unknown, timeoutMs?: number) {
  return tool({
    name: 'wait',
    description: 'Waits',
    parameters: z.object({}),
    execute,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

/** A sink that keeps what it gets. */
function collect(): ToolCallSink & { outcomes: ToolOutcome[]; updates: ToolProgressUpdate[] } {
  const outcomes: ToolOutcome[] = [];
  const updates: ToolProgressUpdate[] = [];
  return {
    outcomes,
    updates,
    toolSettled: (outcome) => outcomes.push(outcome),
    toolProgress: (update) => updates.push(update),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('startToolCall()', () => {
  it('makes no AbortController for a tool that never reads ctx.signal, and abort() still ends the call at once', () => {
    const made = vi.spyOn(globalThis, 'AbortController');
    const sink = collect();
    const running = startToolCall({ tool: waitTool(() => new Promise(() => {})), call }, sink);
    expect(made).not.toHaveBeenCalled();
    expect(sink.outcomes).toEqual([]);
    running.abort(new Error('stop'));
    expect(sink.outcomes).toMatchObject([{ type: 'error', kind: 'aborted', callId: 'call_1' }]);
    running.abort(new Error('again'));
    expect(sink.outcomes).toHaveLength(1);
    // Nothing of the call is left in the shared timer.
    expect(toolDeadlines.size).toBe(0);
    expect(toolDeadlines.armed).toBe(false);
  });

  it('a ctx.signal read after the call was aborted is already aborted with the reason', async () => {
    let late: (() => AbortSignal) | undefined;
    const sink = collect();
    const running = startToolCall(
      {
        tool: waitTool((_args, ctx) => {
          late = () => ctx.signal;
          return new Promise(() => {});
        }),
        call,
      },
      sink,
    );
    const reason = new Error('user cancelled');
    running.abort(reason);
    const signal = late?.();
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(reason);
  });

  it('aborts a ctx.signal read before the abort, with the reason, and settles without waiting for the tool', () => {
    let signal: AbortSignal | undefined;
    const sink = collect();
    const running = startToolCall(
      {
        tool: waitTool((_args, { signal: read }) => {
          signal = read;
          return new Promise(() => {});
        }),
        call,
      },
      sink,
    );
    expect(signal?.aborted).toBe(false);
    running.abort('why');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe('why');
    expect(sink.outcomes[0]).toMatchObject({ kind: 'aborted' });
  });

  it('times out a tool that never reads ctx.signal; a signal read afterwards carries the TimeoutError', async () => {
    vi.useFakeTimers();
    let late: (() => AbortSignal) | undefined;
    const sink = collect();
    startToolCall(
      {
        tool: waitTool((_args, ctx) => {
          late = () => ctx.signal;
          return new Promise(() => {});
        }, 5_000),
        call,
      },
      sink,
    );
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sink.outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.outcomes).toMatchObject([{ kind: 'timeout' }]);
    expect(((late as () => AbortSignal)().reason as DOMException).name).toBe('TimeoutError');
    expect(toolDeadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves nothing in the shared timer once calls end in every way', async () => {
    const outcomes: ToolOutcome[] = [];
    const sink: ToolCallSink = { toolSettled: (outcome) => outcomes.push(outcome) };
    startToolCall({ tool: waitTool(() => 'sync'), call }, sink);
    startToolCall({ tool: waitTool(async () => 'async'), call }, sink);
    startToolCall({ tool: waitTool(() => Promise.reject(new Error('no'))), call }, sink);
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a Promise is the case under test.
    const thenable = { then: (ok: (v: string) => void) => ok('thenable') };
    startToolCall({ tool: waitTool(() => thenable), call }, sink);
    startToolCall({ tool: waitTool(() => new Promise(() => {})), call, timeoutMs: 1 }, sink);
    startToolCall({ tool: undefined, call }, sink);
    startToolCall({ tool: waitTool(() => 'x'), call: { ...call, arguments: '{' } }, sink);
    // The sync result and the two that never start are already settled; the promises wait.
    expect(toolDeadlines.size).toBe(4);
    await vi.waitFor(() => expect(outcomes).toHaveLength(7));
    expect(outcomes.map((o) => (o.type === 'ok' ? o.output : o.kind)).sort()).toEqual(
      ['async', 'thenable', 'sync', 'invalid_arguments', 'thrown', 'timeout', 'unknown_tool'].sort(),
    );
    expect(toolDeadlines.size).toBe(0);
    expect(toolDeadlines.armed).toBe(false);
  });

  it('puts no deadline on the shared timer for a tool that returns its value at once', () => {
    const add = vi.spyOn(toolDeadlines, 'add');
    const sink = collect();
    startToolCall({ tool: waitTool(() => 'now', 5_000), call }, sink);
    expect(sink.outcomes).toMatchObject([{ type: 'ok', output: 'now' }]);
    expect(add).not.toHaveBeenCalled();
    const running = startToolCall({ tool: waitTool(() => new Promise(() => {}), 5_000), call }, sink);
    expect(add).toHaveBeenCalledTimes(1);
    running.abort('done');
    expect(toolDeadlines.size).toBe(0);
  });

  it("counts a waiting tool's timeout from the start of the call, its synchronous part included", () => {
    let clock = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const add = vi.spyOn(toolDeadlines, 'add');
    const running = startToolCall(
      {
        tool: waitTool(() => {
          clock += 400;
          return new Promise(() => {});
        }, 5_000),
        call,
      },
      collect(),
    );
    expect(add).toHaveBeenCalledWith(expect.anything(), 4_600);
    running.abort('done');
  });

  it('puts no deadline for a call aborted during its synchronous part', () => {
    const add = vi.spyOn(toolDeadlines, 'add');
    const controller = new AbortController();
    const sink = collect();
    startToolCall(
      {
        tool: waitTool(() => {
          controller.abort(new Error('cancelled while the tool started'));
          return new Promise(() => {});
        }, 5_000),
        call,
        signal: controller.signal,
      },
      sink,
    );
    expect(sink.outcomes).toMatchObject([{ kind: 'aborted' }]);
    expect(add).not.toHaveBeenCalled();
    expect(toolDeadlines.size).toBe(0);
  });

  it('runs the tool in runIn and times it out in it too; the sink gets progress through toolProgress', async () => {
    vi.useFakeTimers();
    const storage = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const sink = collect();
    startToolCall(
      {
        tool: waitTool((_args, { signal, progress }) => {
          seen.push(storage.getStore());
          progress('started', { step: 1 });
          signal.addEventListener('abort', () => seen.push(storage.getStore()));
          return new Promise(() => {});
        }, 1_000),
        call,
        runIn: { storage, store: 'call scope' },
      },
      sink,
    );
    expect(storage.getStore()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual(['call scope', 'call scope']);
    expect(sink.updates).toEqual([{ message: 'started', data: { step: 1 } }]);
    expect(sink.outcomes).toMatchObject([{ kind: 'timeout' }]);
  });
});
