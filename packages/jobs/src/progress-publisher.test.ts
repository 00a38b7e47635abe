import type { RunEvent } from '@mimo-agents/runner';
import { describe, expect, it } from 'vitest';
import { createProgressPublisher } from './progress-publisher.js';

const started: RunEvent = { type: 'run.started', runId: 'r', agent: 'a', model: 'm' };
const delta: RunEvent = { type: 'text.delta', turn: 1, itemId: 'msg_1', delta: 'Hel' };
const turn: RunEvent = { type: 'turn.started', turn: 1, attempt: 1, toolsDisabled: false };

describe('createProgressPublisher', () => {
  it('sends events in order even when an earlier send is slower, and skips deltas by default', async () => {
    const sent: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const publisher = createProgressPublisher({
      send: async (event) => {
        if (event.type === 'run.started') await gate;
        sent.push(event.type);
      },
    });
    publisher.publish(started);
    publisher.publish(delta);
    publisher.publish(turn);
    release();
    await publisher.flush();
    expect(sent).toEqual(['run.started', 'turn.started']);
  });

  it("publishes every event with 'all' and only the listed ones with a list", async () => {
    const all: string[] = [];
    const some: string[] = [];
    const everything = createProgressPublisher({ send: async (e) => void all.push(e.type), events: 'all' });
    const listed = createProgressPublisher({
      send: async (e) => void some.push(e.type),
      events: ['text.delta'],
    });
    for (const event of [started, delta, turn]) {
      everything.publish(event);
      listed.publish(event);
    }
    await Promise.all([everything.flush(), listed.flush()]);
    expect(all).toEqual(['run.started', 'text.delta', 'turn.started']);
    expect(some).toEqual(['text.delta']);
  });

  it('reports a failed send and goes on with the next events', async () => {
    const failures: string[] = [];
    const sent: string[] = [];
    const publisher = createProgressPublisher({
      send: async (event) => {
        if (event.type === 'run.started') throw new Error('lock lost');
        sent.push(event.type);
      },
      onError: (error, event) => failures.push(`${event.type}: ${(error as Error).message}`),
    });
    publisher.publish(started);
    publisher.publish(turn);
    await publisher.flush();
    expect(failures).toEqual(['run.started: lock lost']);
    expect(sent).toEqual(['turn.started']);
  });

  it('judges a sub-agent event (agent.event) by the event inside it', async () => {
    const wrap = (event: Exclude<RunEvent, { type: 'agent.event' }>): RunEvent => ({
      type: 'agent.event',
      agent: ['lead', 'billing'],
      callId: 'call_1',
      event,
    });
    const collect = async (events?: Parameters<typeof createProgressPublisher>[0]['events']) => {
      const sent: string[] = [];
      const publisher = createProgressPublisher({
        send: async (e) => void sent.push(e.type === 'agent.event' ? `agent:${e.event.type}` : e.type),
        ...(events === undefined ? {} : { events }),
      });
      for (const event of [wrap(started), wrap(delta), wrap(turn), delta]) publisher.publish(event);
      await publisher.flush();
      return sent;
    };
    // Default: a sub-run's deltas are left out like the parent's (one Redis write per token otherwise).
    expect(await collect()).toEqual(['agent:run.started', 'agent:turn.started']);
    expect(await collect(['turn.started'])).toEqual(['agent:turn.started']);
    expect(await collect(['agent.event'])).toEqual([
      'agent:run.started',
      'agent:text.delta',
      'agent:turn.started',
    ]);
    expect(await collect('all')).toEqual([
      'agent:run.started',
      'agent:text.delta',
      'agent:turn.started',
      'text.delta',
    ]);
  });
});
