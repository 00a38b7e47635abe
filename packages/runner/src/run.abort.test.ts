import { getEventListeners } from 'node:events';
import { validateHistory } from '@mimo-agents/core';
import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { RunAbortedError } from './errors/run-aborted-error.js';
import { CANCELLED_OUTPUT } from './loop/run-tool-calls.js';
import { run, streamRun } from './run.js';
import { startHarness } from './test-support/harness.js';

describe('cancellation', () => {
  it('aborts in the middle of a tool: the tool sees ctx.signal, calls get a cancelled output, RunAbortedError', async () => {
    const { server, client } = await startHarness();
    const toolSignals: AbortSignal[] = [];
    const wait = tool({
      name: 'wait',
      description: 'Waits for its signal',
      parameters: z.object({ n: z.number() }),
      execute: (_args, ctx) => {
        toolSignals.push(ctx.signal);
        return new Promise((_resolve, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }),
        );
      },
    });
    const agent: Agent = {
      name: 'w',
      model: 'mimo-v2.6-pro',
      tools: [wait],
      modelSettings: { parallel_tool_calls: false },
    };
    server.reply.functionCalls([
      { name: 'wait', arguments: { n: 1 } },
      { name: 'wait', arguments: { n: 2 } },
    ]);
    server.reply.text('never');
    const controller = new AbortController();
    const stream = streamRun({ client, agent, input: 'go', signal: controller.signal });
    const seen: string[] = [];
    await expect(async () => {
      for await (const event of stream) {
        seen.push(event.type);
        if (event.type === 'tool.called') controller.abort();
      }
    }).rejects.toBeInstanceOf(RunAbortedError);
    const error = await stream.finalResult().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunAbortedError);
    const { partialResult } = error as RunAbortedError;
    expect(partialResult.status).toBe('aborted');
    expect(toolSignals).toHaveLength(1);
    expect(toolSignals[0]?.aborted).toBe(true);
    expect(server.calls).toHaveLength(1);
    const outputs = partialResult.history.filter((item) => item.type === 'function_call_output');
    expect(outputs.map((item) => item.output)).toEqual([CANCELLED_OUTPUT, CANCELLED_OUTPUT]);
    expect(() => validateHistory(partialResult.history)).not.toThrow();
    expect(seen.filter((type) => type === 'tool.completed')).toHaveLength(2);
  });

  it('aborts during the model stream: the HTTP request is closed and the history is left as it was', async () => {
    const { server, client } = await startHarness({ streaming: { deltaSize: 1, eventDelayMs: 10 } });
    server.reply.text('A long answer that will not be read to its end.');
    const stream = streamRun({ client, agent: { name: 'w', model: 'mimo-v2.6-pro' }, input: 'Hi' });
    for await (const event of stream) {
      if (event.type === 'text.delta') break;
    }
    const error = await stream.finalResult().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunAbortedError);
    expect((error as RunAbortedError).partialResult.history).toEqual([{ role: 'user', content: 'Hi' }]);
    const settled = await server.callSettled(0);
    expect(settled.clientAborted).toBe(true);
  });

  it('refuses to start with a signal that is already aborted', async () => {
    const { server, client } = await startHarness();
    const error = await run({
      client,
      agent: { name: 'w', model: 'mimo-v2.6-pro' },
      input: 'Hi',
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunAbortedError);
    expect(server.calls).toHaveLength(0);
  });

  it('run() (no event stream) is aborted by options.signal mid-tool, and leaves no listener on it', async () => {
    const { server, client } = await startHarness();
    const controller = new AbortController();
    const toolSignals: AbortSignal[] = [];
    const wait = tool({
      name: 'wait',
      description: 'Waits for its signal',
      parameters: z.object({ n: z.number() }),
      execute: (_args, ctx) => {
        toolSignals.push(ctx.signal);
        controller.abort(new Error('caller stopped'));
        return new Promise((_resolve, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }),
        );
      },
    });
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools: [wait] };
    server.reply.functionCalls([{ name: 'wait', arguments: { n: 1 } }]);
    const error = await run({ client, agent, input: 'go', signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunAbortedError);
    expect((error as RunAbortedError).partialResult.status).toBe('aborted');
    expect(toolSignals[0]?.aborted).toBe(true);
    // The loop listened on a signal of its own run, never on the caller's (which may outlive many runs).
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    // A caller's long-lived signal across completed runs keeps no listener either.
    const shared = new AbortController();
    const echo = tool({
      name: 'echo',
      description: 'Echo',
      parameters: z.object({ n: z.number() }),
      execute: ({ n }) => ({ n }),
    });
    for (let i = 0; i < 3; i++) {
      server.reply.functionCalls([{ name: 'echo', arguments: { n: i } }]);
      server.reply.text(`done ${i}`);
      const result = await run({
        client,
        agent: { name: 'e', model: 'mimo-v2.6-pro', tools: [echo] },
        input: 'go',
        signal: shared.signal,
      });
      expect(result.finalOutput).toBe(`done ${i}`);
    }
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });
});
