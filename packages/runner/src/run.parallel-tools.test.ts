import { setImmediate as nextTurn } from 'node:timers/promises';
import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { streamRun } from './run.js';
import { drain, startHarness } from './test-support/harness.js';

/** A tool that records how many of its calls run at once; `hold` decides when a call may finish. */
function concurrencyProbe(hold: (active: number) => Promise<void>) {
  const probe = { active: 0, peak: 0 };
  const slow = tool({
    name: 'slow',
    description: 'Records overlapping calls',
    parameters: z.object({ n: z.number() }),
    execute: async () => {
      probe.active += 1;
      probe.peak = Math.max(probe.peak, probe.active);
      await hold(probe.active);
      probe.active -= 1;
      return 'ok';
    },
  });
  return { probe, slow };
}

async function runTwoCalls(slow: Agent['tools'], parallel: boolean) {
  const { server, client } = await startHarness();
  const agent: Agent = {
    name: 'p',
    model: 'mimo-v2.6-pro',
    tools: slow ?? [],
    modelSettings: { parallel_tool_calls: parallel },
  };
  server.reply.functionCalls([
    { name: 'slow', arguments: { n: 1 }, callId: 'call_1' },
    { name: 'slow', arguments: { n: 2 }, callId: 'call_2' },
  ]);
  server.reply.text('done');
  const stream = streamRun({ client, agent, input: 'go' });
  const events = await drain(stream);
  const result = await stream.finalResult();
  const body = server.calls[0]?.body as { parallel_tool_calls?: boolean } | undefined;
  return { events, result, sentParallel: body?.parallel_tool_calls };
}

describe('the calls of one turn', () => {
  it('run in parallel by default: the first call is still running when the second starts', async () => {
    let release: () => void = () => {};
    const bothStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Each call waits for the other to start, so the run only finishes if both run at once.
    const { probe, slow } = concurrencyProbe(async (active) => {
      if (active === 2) release();
      await bothStarted;
    });
    const { result, sentParallel } = await runTwoCalls([slow], true);
    expect(result.finalOutput).toBe('done');
    expect(probe.peak).toBe(2);
    expect(sentParallel).toBe(true);
  });

  it('run one at a time when parallel_tool_calls is false', async () => {
    // A call yields to the event loop a few times before it ends: a second call started concurrently
    // would start meanwhile (starting a call takes only microtasks), raising the peak to 2.
    const { probe, slow } = concurrencyProbe(async () => {
      for (let i = 0; i < 5; i += 1) await nextTurn();
    });
    const { events, result, sentParallel } = await runTwoCalls([slow], false);
    expect(result.finalOutput).toBe('done');
    expect(probe.peak).toBe(1);
    expect(sentParallel).toBe(false);
    const order = events.flatMap((event) =>
      event.type === 'tool.called' || event.type === 'tool.completed'
        ? [`${event.type} ${event.callId}`]
        : [],
    );
    expect(order).toEqual([
      'tool.called call_1',
      'tool.completed call_1',
      'tool.called call_2',
      'tool.completed call_2',
    ]);
  });
});
