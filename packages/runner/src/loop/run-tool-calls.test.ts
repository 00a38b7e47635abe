import { createToolRegistry, tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../events.js';
import type { ToolCallRecord } from '../run-result.js';
import { markEventsWanted } from '../turn/events-wanted.js';
import { CANCELLED_OUTPUT, runToolCalls } from './run-tool-calls.js';

function gatedTool() {
  let active = 0;
  let peak = 0;
  const gates: (() => void)[] = [];
  const gated = tool({
    name: 'gated',
    description: 'Waits until released',
    parameters: z.object({ n: z.number() }),
    execute: async ({ n }) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise<void>((resolve) => gates.push(resolve));
      active -= 1;
      return `done ${n}`;
    },
  });
  return { gated, gates, peak: () => peak };
}

const calls = (count: number): ToolCallRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    callId: `c${i}`,
    name: 'gated',
    arguments: JSON.stringify({ n: i }),
  }));

describe('runToolCalls', () => {
  it('never runs more than `concurrency` tools at once and records outputs on the calls in call order', async () => {
    const { gated, gates, peak } = gatedTool();
    const records = calls(5);
    const events: RunEvent[] = [];
    const saves: string[] = [];
    const done = runToolCalls({
      runId: 'r',
      turn: 1,
      calls: records,
      registry: createToolRegistry([gated]),
      concurrency: 2,
      signal: new AbortController().signal,
      context: undefined,
      emit: (event) => events.push(event),
      onRecorded: (call) => {
        saves.push(`${call.callId}:${call.outcome ?? 'started'}`);
      },
    });
    // Release the gates as tools reach them, newest first, so completion order differs from call order.
    while (gates.length > 0 || events.filter((e) => e.type === 'tool.completed').length < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.pop()?.();
    }
    await done;
    expect(peak()).toBe(2);
    expect(records.map((call) => call.output)).toEqual(['done 0', 'done 1', 'done 2', 'done 3', 'done 4']);
    expect(records.every((call) => call.outcome === 'ok' && call.attempts === 1)).toBe(true);
    expect(saves.filter((s) => s.endsWith(':started'))).toHaveLength(5);
    expect(saves.filter((s) => s.endsWith(':ok'))).toHaveLength(5);
  });

  it('skips calls that already have an outcome and cancels, without running, calls of an aborted run', async () => {
    const { gated } = gatedTool();
    const records = calls(3);
    records[0] = { ...records[0]!, outcome: 'ok', output: 'recorded' };
    const controller = new AbortController();
    controller.abort();
    const events: RunEvent[] = [];
    await runToolCalls({
      runId: 'r',
      turn: 1,
      calls: records,
      registry: createToolRegistry([gated]),
      concurrency: 4,
      signal: controller.signal,
      context: undefined,
      emit: (event) => events.push(event),
    });
    expect(records.map((call) => call.output)).toEqual(['recorded', CANCELLED_OUTPUT, CANCELLED_OUTPUT]);
    expect(records.slice(1).map((call) => call.errorKind)).toEqual(['aborted', 'aborted']);
    expect(events.some((event) => event.type === 'tool.called')).toBe(false);
  });

  it('builds no tool events for an emitter whose events nobody reads, and still records and saves every call', async () => {
    const echo = tool({
      name: 'echo',
      description: 'Echoes',
      parameters: z.object({ n: z.number() }),
      execute: ({ n }, ctx) => {
        ctx.progress('working');
        return `n=${n}`;
      },
    });
    let wanted = false;
    const events: RunEvent[] = [];
    const emit = markEventsWanted(
      (event: RunEvent) => events.push(event),
      () => wanted,
    );
    const saves: string[] = [];
    const options = (records: ToolCallRecord[]) => ({
      runId: 'r',
      turn: 1,
      calls: records,
      registry: createToolRegistry([echo]),
      concurrency: 2,
      signal: new AbortController().signal,
      context: undefined,
      emit,
      onRecorded: (call: ToolCallRecord) => {
        saves.push(`${call.callId}:${call.outcome ?? 'started'}`);
      },
    });
    const dropped: ToolCallRecord[] = [
      { callId: 'a', name: 'echo', arguments: '{"n":1}' },
      { callId: 'b', name: 'echo', arguments: '{"n":2}' },
    ];
    await runToolCalls(options(dropped));
    expect(events).toEqual([]);
    expect(dropped.map((call) => call.output)).toEqual(['n=1', 'n=2']);
    expect(saves.sort()).toEqual(['a:ok', 'a:started', 'b:ok', 'b:started']);
    wanted = true;
    await runToolCalls(options([{ callId: 'c', name: 'echo', arguments: '{"n":3}' }]));
    expect(events.map((event) => event.type)).toEqual(['tool.called', 'tool.progress', 'tool.completed']);
  });
});
