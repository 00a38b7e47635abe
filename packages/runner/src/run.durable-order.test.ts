import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import type { CheckpointStore } from './checkpoint/checkpoint-store.js';
import { CheckpointStoreError } from './checkpoint/checkpoint-store-error.js';
import { createMemoryCheckpointStore } from './checkpoint/memory-checkpoint-store.js';
import type { RunEvent } from './events.js';
import { run, streamRun } from './run.js';
import type { RunState } from './run-state.js';
import { countingTools } from './test-support/counting-tools.js';
import { drain, startHarness } from './test-support/harness.js';
import { reversingStore } from './test-support/reversing-store.js';

const paris = { name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_w' };
const noon = { name: 'local_time', arguments: { city: 'Paris' }, callId: 'call_t' };

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = (): void => {};
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

describe('saves of a run with parallel tools', () => {
  it('reach a store that resolves overlapping saves in reverse order one at a time, oldest first', async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    const { store, applied, maxInFlight } = reversingStore();
    server.reply.functionCalls([paris, noon]).text('Clear, noon.');

    const result = await run({ client, agent, input: 'Paris?', runId: 'r-order', checkpoint: store });

    expect(maxInFlight()).toBe(1);
    // start, turn, 2 × tool.started, 2 × tool.completed, tools.committed, end: applied in request order.
    expect(applied.map((state) => state.checkpointSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const outcomes = applied.map((state) => state.pending?.calls.filter((c) => c.outcome).length);
    expect(outcomes.slice(3, 6)).toEqual([0, 1, 2]);
    expect(applied.at(-1)).toMatchObject({ status: 'completed', history: result.history });
  });
});

describe('a save that fails while parallel tools run', () => {
  it('cancels the other tools, waits for them, fails with a CheckpointStoreError and saves nothing more', async () => {
    const { server, client } = await startHarness();
    const slowStarted = signal();
    const timeline: string[] = [];
    let slowReason: unknown;
    const fast = tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        await slowStarted.promise;
        return { city, tempC: 15 };
      },
    });
    const slow = tool({
      name: 'local_time',
      description: 'Time',
      parameters: z.object({ city: z.string() }),
      execute: (_args, ctx) =>
        new Promise((resolve) => {
          slowStarted.fire();
          ctx.signal.addEventListener(
            'abort',
            () => {
              slowReason = ctx.signal.reason;
              timeline.push('slow cancelled');
              resolve({ time: 'unknown' });
            },
            { once: true },
          );
        }),
    });
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: [fast, slow] };
    const memory = createMemoryCheckpointStore<RunState>();
    let failedAt: number | undefined;
    let saves = 0;
    const store: CheckpointStore<RunState> = {
      load: (id) => memory.load(id),
      delete: (id) => memory.delete(id),
      save: async (id, state) => {
        saves += 1;
        if (state.pending?.calls.some((call) => call.outcome !== undefined)) {
          failedAt ??= saves;
          throw new Error('disk gone');
        }
        await memory.save(id, state);
      },
    };
    server.reply.functionCalls([paris, noon]);

    const stream = streamRun({ client, agent, input: 'Paris?', runId: 'r-fail', checkpoint: store });
    const events = await drain(stream);
    const error = await stream.finalResult().catch((e: unknown) => {
      timeline.push('run failed');
      return e;
    });

    expect(error).toBeInstanceOf(CheckpointStoreError);
    expect((error as CheckpointStoreError).message).toContain('disk gone');
    expect(slowReason).toBe(error);
    expect(timeline).toEqual(['slow cancelled', 'run failed']);
    expect(saves).toBe(failedAt);
    expect(events.filter((e) => e.type === 'tool.completed')).toEqual([]);
    // The last durable state: both calls started, neither has an outcome (a resume runs them again).
    const saved = await memory.load('r-fail');
    expect(saved?.status).toBe('running');
    expect(saved?.pending?.calls.map((call) => [call.callId, call.attempts, call.outcome])).toEqual([
      ['call_w', 1, undefined],
      ['call_t', 1, undefined],
    ]);
    expect(server.calls).toHaveLength(1);
  });
});

describe('with a checkpoint store, events that report a change', () => {
  it('come after the save that records it and its checkpoint.saved', async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    server.reply.functionCalls([paris]).text('Clear.');
    const stream = streamRun({
      client,
      agent,
      input: 'Paris?',
      runId: 'r-events',
      checkpoint: createMemoryCheckpointStore(),
    });
    const events = await drain(stream);
    await stream.finalResult();

    const label = (e: RunEvent): string | undefined => {
      switch (e.type) {
        case 'checkpoint.saved':
          return `saved:${e.step}`;
        case 'turn.completed':
          return `turn.completed:${e.turn}`;
        case 'tool.called':
        case 'tool.completed':
        case 'run.completed':
          return e.type;
        default:
          return undefined;
      }
    };
    expect(events.map(label).filter((name) => name !== undefined)).toEqual([
      'saved:start',
      'saved:turn',
      'turn.completed:1',
      'saved:tool.started',
      'tool.called',
      'saved:tool.completed',
      'tool.completed',
      'saved:tools.committed',
      'saved:end',
      'turn.completed:2',
      'run.completed',
    ]);
  });
});
