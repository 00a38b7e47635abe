import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import type { CheckpointStore } from './checkpoint/checkpoint-store.js';
import { createMemoryCheckpointStore } from './checkpoint/memory-checkpoint-store.js';
import { resume, streamResume } from './resume.js';
import { run, streamRun } from './run.js';
import type { RunState } from './run-state.js';
import { hasToolCall } from './stop-conditions.js';
import { drain, startHarness } from './test-support/harness.js';

/** A store that keeps saves 1…`lastKept` and then "dies": save `lastKept` is stored, then it and every later save throw. */
function dyingStore(lastKept: number): { store: CheckpointStore<RunState>; kept: CheckpointStore<RunState> } {
  const kept = createMemoryCheckpointStore<RunState>();
  let saves = 0;
  const store: CheckpointStore<RunState> = {
    load: (id) => kept.load(id),
    delete: (id) => kept.delete(id),
    save: async (id, state) => {
      saves += 1;
      if (saves <= lastKept) await kept.save(id, state);
      if (saves >= lastKept) throw new Error('process died');
    },
  };
  return { store, kept };
}

function submitAgent(): { agent: Agent; executions: number[] } {
  const executions: number[] = [];
  const submit = tool({
    name: 'submit',
    description: 'Submits the answer',
    parameters: z.object({ answer: z.string() }),
    execute: ({ answer }, ctx) => {
      executions.push(ctx.attempt);
      return { accepted: answer };
    },
  });
  return { agent: { name: 's', model: 'mimo-v2.6-pro', tools: [submit] }, executions };
}

// Saves of a one-call turn: 1 start, 2 turn, 3 tool.started, 4 tool.completed, 5 tools.committed, 6 end.
describe('resume() checks stopWhen for the turn it was interrupted in', () => {
  it.each([
    { diesAfter: 'tool.started', lastKept: 3, attempts: [2] },
    { diesAfter: 'tool.completed', lastKept: 4, attempts: [1] },
    { diesAfter: 'tools.committed', lastKept: 5, attempts: [1] },
  ])(
    'a run that died after its $diesAfter save stops on resume, with no further request',
    async ({ lastKept, attempts }) => {
      const { server, client } = await startHarness();
      const { agent, executions } = submitAgent();
      const { store, kept } = dyingStore(lastKept);
      const stopWhen = hasToolCall('submit');
      server.reply.functionCalls([{ name: 'submit', arguments: { answer: '42' }, callId: 'call_s' }], {
        text: 'Submitting.',
      });
      const died = await run({
        client,
        agent,
        input: 'Answer.',
        runId: 'r-stop',
        checkpoint: store,
        stopWhen,
      }).catch((e: unknown) => e);
      expect(died).toBeInstanceOf(Error);
      expect((await kept.load('r-stop'))?.checkpointSeq).toBe(lastKept);

      const stream = streamResume({ client, agent, runId: 'r-stop', checkpoint: kept, stopWhen });
      const events = await drain(stream);
      const result = await stream.finalResult();

      expect(result.status).toBe('stopped');
      expect(result.finalOutput).toBe('Submitting.');
      expect(server.calls).toHaveLength(1);
      expect(events.some((e) => e.type === 'turn.started')).toBe(false);
      expect(executions).toEqual(attempts);
      expect(await kept.load('r-stop')).toMatchObject({ status: 'stopped', finalOutput: 'Submitting.' });
    },
  );

  it('a run aborted during the stopping tool does not stop on resume: the model sees the cancellation', async () => {
    const { server, client } = await startHarness();
    const store = createMemoryCheckpointStore<RunState>();
    const hanging = tool({
      name: 'submit',
      description: 'Submits the answer',
      parameters: z.object({ answer: z.string() }),
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
        }),
    });
    const agent: Agent = { name: 's', model: 'mimo-v2.6-pro', tools: [hanging] };
    const stopWhen = hasToolCall('submit');
    server.reply.functionCalls([{ name: 'submit', arguments: { answer: '42' }, callId: 'call_s' }]);
    const stream = streamRun({ client, agent, input: 'Answer.', runId: 'r-ab', checkpoint: store, stopWhen });
    for await (const event of stream) if (event.type === 'tool.called') break;
    await stream.finalResult().catch(() => undefined);
    expect((await store.load('r-ab'))?.status).toBe('aborted');

    server.reply.text('Not submitted.');
    const result = await resume({ client, agent, runId: 'r-ab', checkpoint: store, stopWhen });
    expect(result).toMatchObject({ status: 'completed', finalOutput: 'Not submitted.' });
    expect(server.calls).toHaveLength(2);
  });

  it('a resumed run whose stop condition does not hold goes on to the next turn', async () => {
    const { server, client } = await startHarness();
    const { agent } = submitAgent();
    const { store, kept } = dyingStore(5);
    server.reply.functionCalls([{ name: 'submit', arguments: { answer: '42' }, callId: 'call_s' }]);
    await run({ client, agent, input: 'Answer.', runId: 'r-go', checkpoint: store }).catch(() => undefined);

    server.reply.text('Done.');
    const result = await resume({
      client,
      agent,
      runId: 'r-go',
      checkpoint: kept,
      stopWhen: hasToolCall('other'),
    });
    expect(result).toMatchObject({ status: 'completed', finalOutput: 'Done.' });
    expect(server.calls).toHaveLength(2);
  });
});
