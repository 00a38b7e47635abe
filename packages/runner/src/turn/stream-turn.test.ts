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
});
