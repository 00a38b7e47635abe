import { ConfigError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { createMemoryCheckpointStore } from './checkpoint/memory-checkpoint-store.js';
import { RunStreamOverflowError } from './errors/run-stream-overflow-error.js';
import type { RunEvent } from './events.js';
import { DEFAULT_MAX_BUFFERED_EVENTS } from './options/max-buffered-events.js';
import { resume, streamResume } from './resume.js';
import { run, streamRun } from './run.js';
import type { RunState } from './run-state.js';
import { RunStream } from './run-stream.js';
import { countingTools } from './test-support/counting-tools.js';
import { sentInputs, startHarness } from './test-support/harness.js';

/*
 * A RunStream keeps at most `maxBufferedEvents` events for a consumer that has not read them: one that is
 * still that far behind on the next turn of the event loop (it stopped reading, or reads too slowly)
 * aborts the run, and sees the events kept (a prefix of the run's), then `RunStreamOverflowError`; what
 * the run did stays in `partialResult` and the checkpoint. Events emitted together (one network read's)
 * may pass the bound for that moment, by up to max(bound, 1,024): a reading consumer gets its turn first.
 */

const paris = { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_w' };
/** A long answer: one `text.delta` per character with `deltaSize: 1`. */
const LONG = 'x'.repeat(400);

/** Reads what the stream kept, after the consumer stopped reading: every event left, then the error. */
async function readRest(iterator: AsyncIterator<RunEvent>): Promise<{ rest: RunEvent[]; error: unknown }> {
  const rest: RunEvent[] = [];
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return { rest, error: undefined };
      rest.push(next.value);
    }
  } catch (error) {
    return { rest, error };
  }
}

/** Starts iterating `stream`, takes its first event, then reads nothing until the run has settled. */
async function stallAfterFirst(stream: RunStream<unknown>) {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  const settled = await stream.finalResult().then(
    () => undefined,
    (error: unknown) => error,
  );
  return { iterator, first, settled };
}

describe('RunStream: the bound on events waiting for the consumer (maxBufferedEvents)', () => {
  it('a consumer that stops reading: the run is aborted at the bound; it reads the kept events, then RunStreamOverflowError', async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 1 } });
    // One event per network write, so that the backlog is judged while the answer still streams.
    server.reply.text(LONG, { streaming: { eventDelayMs: 1 } });
    const agent: Agent = { name: 'writer', model: 'mimo-v2.6-pro' };
    const stream = streamRun({ client, agent, input: 'Write.', maxBufferedEvents: 50 });

    const { iterator, first, settled } = await stallAfterFirst(stream);
    expect(first.value?.type).toBe('run.started');
    expect(settled).toBeInstanceOf(RunStreamOverflowError);
    const error = settled as RunStreamOverflowError;
    expect(error).toMatchObject({ code: 'run_stream_overflow', maxBufferedEvents: 50 });
    expect(error.message).toMatch(
      /^Invalid maxBufferedEvents \(50 events were waiting .*Fix: .*maxBufferedEvents/,
    );
    // The run itself was aborted (the cause), with its partial result.
    expect(error.cause).toMatchObject({ code: 'run_aborted' });
    expect(error.partialResult?.status).toBe('aborted');

    // The consumer gets the kept events (the next ones, in order: past the bound by what arrived
    // before the backlog was judged), then the same error.
    const { rest, error: thrown } = await readRest(iterator);
    expect(rest.length).toBeGreaterThan(50);
    expect(rest.length).toBeLessThan(LONG.length);
    expect(rest.map((event) => event.type).slice(0, 2)).toEqual(['turn.started', 'text.delta']);
    expect(rest.filter((event) => event.type === 'text.delta')).toHaveLength(rest.length - 1);
    expect(thrown).toBe(error);
    // Nothing past the bound was kept: no run.completed.
    expect(rest.some((event) => event.type === 'run.completed')).toBe(false);
  });

  it("nothing done is lost: a tool's result stays in partialResult and the checkpoint, and resume() finishes the run", async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 1 } });
    // An unbounded run first: how many events come before the second turn's answer.
    server.reply.functionCalls([paris]).text(LONG);
    const events: RunEvent[] = [];
    const free = streamRun({
      client,
      agent: { name: 'w', model: 'mimo-v2.6-pro', tools: countingTools().tools },
      input: 'Weather?',
      checkpoint: createMemoryCheckpointStore(),
    });
    for await (const event of free) events.push(event);
    const secondTurn = events.findIndex((event) => event.type === 'turn.started' && event.turn === 2);
    expect(secondTurn).toBeGreaterThan(0);
    expect(events.length - secondTurn).toBeGreaterThan(LONG.length);

    const { tools, executions } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    // Bounded so that the first turn and its tool fit, and the second turn's answer does not.
    server.reply.functionCalls([paris]).text(LONG, { streaming: { eventDelayMs: 1 } });
    const checkpoint = createMemoryCheckpointStore<RunState>();
    const stream = streamRun({
      client,
      agent,
      input: 'Weather?',
      runId: 'slow-reader',
      checkpoint,
      maxBufferedEvents: secondTurn + 10,
    });
    const { iterator, settled } = await stallAfterFirst(stream);
    expect(settled).toBeInstanceOf(RunStreamOverflowError);
    const error = settled as RunStreamOverflowError;
    const { rest } = await readRest(iterator);
    expect(rest.length).toBeGreaterThan(secondTurn + 10);
    expect(rest.length).toBeLessThan(events.length - 1);
    expect(rest.some((event) => event.type === 'tool.completed' && event.callId === 'call_w')).toBe(true);

    // The tool ran once; its output is in the partial result's history and in the saved state.
    expect(executions.get('call_w')).toBe(1);
    const output = (items: readonly unknown[] | undefined) =>
      (items ?? []).find(
        (item) => (item as { type?: string; call_id?: string }).type === 'function_call_output',
      ) as { call_id: string; output: string } | undefined;
    expect(output(error.partialResult?.history)).toMatchObject({ call_id: 'call_w' });
    const saved = await checkpoint.load('slow-reader');
    expect(saved?.status).toBe('aborted');
    expect(output(saved?.history)?.output).toBe(output(error.partialResult?.history)?.output);

    // Resumed (read by no one, so unbounded): the answer comes without running the tool again.
    server.reply.text('Clear.');
    const result = await resume({ client, agent, runId: 'slow-reader', checkpoint });
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('Clear.');
    expect(executions.get('call_w')).toBe(1);
    expect(output(sentInputs(server).at(-1))).toMatchObject({ call_id: 'call_w' });
  });

  it('a consumer that keeps reading sees every event of a run that produces more than the bound', async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 1 } });
    const text = 'y'.repeat(DEFAULT_MAX_BUFFERED_EVENTS + 2_000);
    server.reply.text(text);
    const agent: Agent = { name: 'writer', model: 'mimo-v2.6-pro' };
    const stream = streamRun({ client, agent, input: 'Write.' });
    let deltas = 0;
    for await (const event of stream) if (event.type === 'text.delta') deltas += 1;
    expect(deltas).toBe(text.length);
    expect((await stream.finalResult()).finalOutput).toBe(text);
  });

  it('finalResult() alone keeps no events, so it never reaches the bound', async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 1 } });
    server.reply.text(LONG);
    const agent: Agent = { name: 'writer', model: 'mimo-v2.6-pro' };
    const result = await streamRun({ client, agent, input: 'Write.', maxBufferedEvents: 5 }).finalResult();
    expect(result.finalOutput).toBe(LONG);
  });

  it('refuses a maxBufferedEvents that is not a whole number ≥ 1 (or Infinity) before any request', async () => {
    const { server, client } = await startHarness();
    const agent: Agent = { name: 'writer', model: 'mimo-v2.6-pro' };
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      const error = await streamRun({ client, agent, input: 'Hi', maxBufferedEvents: bad })
        .finalResult()
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe('maxBufferedEvents');
      expect((error as Error).message).toMatch(/Fix: pass a whole number of events of at least 1/);
    }
    // streamResume() takes the option too, checked before the checkpoint is read.
    const checkpoint = createMemoryCheckpointStore<RunState>();
    const resumed = await streamResume({ client, agent, runId: 'none', checkpoint, maxBufferedEvents: 0 })
      .finalResult()
      .catch((caught: unknown) => caught);
    expect(resumed).toMatchObject({ code: 'config_invalid', field: 'maxBufferedEvents' });
    expect(server.calls).toHaveLength(0);
    // Infinity turns the bound off; run() accepts the option (it keeps no events).
    server.reply.text('a').text('b');
    const stream = streamRun({ client, agent, input: 'Hi', maxBufferedEvents: Number.POSITIVE_INFINITY });
    for await (const _ of stream);
    await expect(stream.finalResult()).resolves.toMatchObject({ finalOutput: 'a' });
    await expect(run({ client, agent, input: 'Hi', maxBufferedEvents: 10 })).resolves.toMatchObject({
      finalOutput: 'b',
    });
  });
});

describe('RunStream: events emitted together', () => {
  const started = (turn: number): RunEvent => ({
    type: 'turn.started',
    turn,
    attempt: 1,
    toolsDisabled: false,
  });
  /** The next turn of the event loop (after a check the stream scheduled before it). */
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('a consumer that keeps reading is not overflowed by a burst larger than the bound', async () => {
    const stream = new RunStream(async (emit) => {
      for (let round = 0; round < 3; round += 1) {
        // One network read's worth of events at once, 10 times the bound.
        for (let turn = 1; turn <= 30; turn += 1) emit(started(round * 30 + turn));
        await nextTurn();
      }
      return { finalOutput: 'done' } as never;
    }, 3);
    const seen: number[] = [];
    for await (const event of stream) if (event.type === 'turn.started') seen.push(event.turn);
    expect(seen).toEqual(Array.from({ length: 90 }, (_, index) => index + 1));
    await expect(stream.finalResult()).resolves.toMatchObject({ finalOutput: 'done' });
  });

  it('a burst past the headroom (max(bound, 1,024) beyond it) overflows at once', async () => {
    let reason: unknown;
    const stream = new RunStream(async (emit, signal) => {
      for (let turn = 1; turn <= 2_000; turn += 1) emit(started(turn));
      reason = signal.reason;
      throw new Error('the run ended on its abort');
    }, 3);
    const { rest, error } = await readRest(stream[Symbol.asyncIterator]());
    expect(reason).toMatchObject({ name: 'AbortError' });
    // 3 + 1,024 kept; the one that would pass the headroom and all after it dropped.
    expect(rest).toHaveLength(1_027);
    expect(error).toBeInstanceOf(RunStreamOverflowError);
  });
});

describe('RunStream: the bound reached before the first read', () => {
  it('iterating later yields exactly the kept events, then the error; none emitted after the overflow is kept', async () => {
    const started = (turn: number): RunEvent => ({
      type: 'turn.started',
      turn,
      attempt: 1,
      toolsDisabled: false,
    });
    let reason: unknown;
    const stream = new RunStream(async (emit, signal) => {
      for (let turn = 1; turn <= 5; turn += 1) emit(started(turn));
      // The backlog is judged on the next turn of the event loop: still 5 > 3 with nobody reading.
      await new Promise<void>((resolve) => setImmediate(resolve));
      reason = signal.reason;
      // What a run emits while it ends on the abort is dropped too.
      emit(started(6));
      throw new Error('the run ended on its abort');
    }, 3);
    // The bound was passed while the stream was made (the first five events are emitted at once), and
    // nobody reads until the backlog was judged.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const { rest, error } = await readRest(stream[Symbol.asyncIterator]());
    expect(reason).toMatchObject({ name: 'AbortError' });
    expect(rest).toEqual([started(1), started(2), started(3), started(4), started(5)]);
    expect(error).toBeInstanceOf(RunStreamOverflowError);
    expect((error as RunStreamOverflowError).partialResult).toBeUndefined();
    expect((error as RunStreamOverflowError).cause).toMatchObject({ message: 'the run ended on its abort' });
    await expect(stream.finalResult()).rejects.toBe(error);
  });
});
