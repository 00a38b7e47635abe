import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { run, streamRun } from '../run.js';
import { createRunState } from '../run-state.js';
import { drain, startHarness } from '../test-support/harness.js';
import { type LoopRun, saveQuietly, saveStep } from './loop-run.js';
import type { LoopOptions, StepInfo } from './run-from-state.js';

function loopRun(onStep?: LoopOptions['onStep']): LoopRun {
  const options = (onStep === undefined ? {} : { onStep }) as LoopOptions;
  return {
    state: createRunState({ runId: 'r1', agent: { name: 'a', model: 'm' }, input: [] }),
    options,
    responses: [],
    resumedFrom: 'running',
    stopCheckDue: undefined,
  };
}

describe('saveStep', () => {
  it('without a listener returns one shared settled promise (no async call per step)', async () => {
    const first = saveStep(loopRun(), 'start');
    const second = saveStep(loopRun(), 'tool.started', 'call_1');
    expect(second).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });

  it('with a listener calls it with the live state and the step, and waits for it', async () => {
    const seen: StepInfo[] = [];
    let finished = false;
    const target = loopRun(async (state, info) => {
      expect(state.runId).toBe('r1');
      seen.push(info);
      await new Promise((resolve) => setImmediate(resolve));
      finished = true;
    });
    await saveStep(target, 'tool.completed', 'call_1');
    expect(finished).toBe(true);
    await saveStep(target, 'end');
    expect(seen).toEqual([{ step: 'tool.completed', callId: 'call_1' }, { step: 'end' }]);
  });

  it('turns a listener that throws synchronously into a rejection; saveQuietly swallows it', async () => {
    const failing = loopRun(() => {
      throw new Error('disk full');
    });
    const saving = saveStep(failing, 'turn');
    expect(saving).toBeInstanceOf(Promise);
    await expect(saving).rejects.toThrow('disk full');
    await expect(saveQuietly(failing)).resolves.toBeUndefined();
  });
});

describe('the order of a turn’s tool events', () => {
  // Two tools that answer synchronously: every call is announced before the first outcome, with and
  // without a listener on the steps (whose saves the loop awaits between them).
  const instant = tool({
    name: 'instant',
    description: 'Answers at once',
    parameters: z.object({ n: z.number() }),
    execute: ({ n }) => `n=${n}`,
  });
  const agent: Agent = { name: 'o', model: 'mimo-v2.6-pro', tools: [instant] };

  async function toolEvents(withStore: boolean): Promise<string[]> {
    const { server, client } = await startHarness();
    server.reply.functionCalls([
      { name: 'instant', arguments: { n: 1 }, callId: 'call_1' },
      { name: 'instant', arguments: { n: 2 }, callId: 'call_2' },
    ]);
    server.reply.text('done');
    const stream = withStore
      ? streamRun({ client, agent, input: 'go', checkpoint: createMemoryCheckpointStore() })
      : streamRun({ client, agent, input: 'go' });
    const events = await drain(stream);
    expect((await stream.finalResult()).finalOutput).toBe('done');
    return events.flatMap((e) =>
      e.type === 'tool.called' || e.type === 'tool.completed' ? [`${e.type} ${e.callId}`] : [],
    );
  }

  it.each([
    ['without a step listener', false],
    ['with a checkpoint store', true],
  ])('is called, called, completed, completed %s', async (_name, withStore) => {
    expect(await toolEvents(withStore)).toEqual([
      'tool.called call_1',
      'tool.called call_2',
      'tool.completed call_1',
      'tool.completed call_2',
    ]);
  });

  it('run() without a listener records both outcomes in call order', async () => {
    const { server, client } = await startHarness();
    server.reply.functionCalls([
      { name: 'instant', arguments: { n: 1 }, callId: 'call_1' },
      { name: 'instant', arguments: { n: 2 }, callId: 'call_2' },
    ]);
    server.reply.text('done');
    const result = await run({ client, agent, input: 'go' });
    expect(result.turns[0]?.toolCalls.map((call) => [call.callId, call.outcome, call.output])).toEqual([
      ['call_1', 'ok', 'n=1'],
      ['call_2', 'ok', 'n=2'],
    ]);
  });
});
