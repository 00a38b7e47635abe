import { MimoError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events.js';
import { startHarness } from '../test-support/harness.js';
import { markEventsWanted } from './events-wanted.js';
import { streamTurn } from './stream-turn.js';

/** Streams one text turn with an emitter whose events are read (`wanted`) or not. */
async function eventsOfOneTurn(wanted: boolean | undefined): Promise<RunEvent[]> {
  const { server, client } = await startHarness();
  server.reply.text('Hello there.');
  const seen: RunEvent[] = [];
  const spy = (event: RunEvent) => seen.push(event);
  const emit = wanted === undefined ? spy : markEventsWanted(spy, () => wanted);
  const turn = await streamTurn({
    client,
    request: { model: 'mimo-v2.6-pro', input: 'Hi' },
    turn: 1,
    signal: new AbortController().signal,
    emit,
    toolsDisabled: false,
  });
  expect(turn.status).toBe('completed');
  expect(turn.items).toMatchObject([{ type: 'message' }]);
  return seen;
}

describe('streamTurn', () => {
  it('reports turn.started and the deltas when its events are read', async () => {
    const seen = await eventsOfOneTurn(true);
    expect(seen[0]).toEqual({ type: 'turn.started', turn: 1, attempt: 1, toolsDisabled: false });
    expect(seen.some((event) => event.type === 'text.delta')).toBe(true);
  });

  it('builds neither turn.started nor deltas for an emitter nobody reads (run())', async () => {
    expect(await eventsOfOneTurn(false)).toEqual([]);
  });

  it('an unmarked emitter (a wrapper, a spy) always gets them', async () => {
    const seen = await eventsOfOneTurn(undefined);
    expect(seen[0]?.type).toBe('turn.started');
  });

  it('a resend discards the output of the dropped attempt, and counts the client retries of each attempt', async () => {
    const { server, client } = await startHarness({}, { maxRetries: 3 });
    server.reply.fault({ type: 'status', status: 503 });
    server.reply.text('Wrong partial answer that must vanish.', {
      fault: { type: 'drop-after-events', events: 6 },
      streaming: { deltaSize: 4 },
    });
    server.reply.fault({ type: 'status', status: 503 });
    server.reply.text('Hello there.');
    const seen: RunEvent[] = [];
    const turn = await streamTurn({
      client,
      request: { model: 'mimo-v2.6-pro', input: 'Hi' },
      turn: 1,
      signal: new AbortController().signal,
      emit: (event) => seen.push(event),
      toolsDisabled: false,
    });
    expect(server.calls.map((call) => call.status)).toEqual([503, 200, 503, 200]);
    expect(turn).toMatchObject({ status: 'completed', retries: 1, requestRetries: 2 });
    expect(JSON.stringify(turn.items)).toContain('Hello there.');
    expect(JSON.stringify(turn.items)).not.toContain('vanish');
    const marks = seen.filter((event) => event.type === 'turn.started' || event.type === 'turn.retried');
    expect(marks).toMatchObject([
      { type: 'turn.started', attempt: 1 },
      { type: 'turn.retried', attempt: 2, discardedEvents: 6 },
      { type: 'turn.started', attempt: 2 },
    ]);
  });

  it('rejects with the typed stream error when the budget is spent, after one resend', async () => {
    const { server, client } = await startHarness({}, { maxRetries: 1 });
    const drop = { type: 'drop-after-events', events: 3 } as const;
    server.reply.text('partial one', { fault: drop });
    server.reply.text('partial two', { fault: drop });
    const seen: RunEvent[] = [];
    const sent = streamTurn({
      client,
      request: { model: 'mimo-v2.6-pro', input: 'Hi' },
      turn: 1,
      signal: new AbortController().signal,
      emit: (event) => seen.push(event),
      toolsDisabled: false,
    });
    await expect(sent).rejects.toBeInstanceOf(MimoError);
    expect(server.calls).toHaveLength(2);
    expect(seen.filter((event) => event.type === 'turn.retried')).toHaveLength(1);
  });
});
