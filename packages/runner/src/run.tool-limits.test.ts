import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { streamRun } from './run.js';
import { drain, startHarness } from './test-support/harness.js';

const never = tool({
  name: 'never',
  description: 'Never ends',
  parameters: z.object({}),
  execute: () => new Promise<never>(() => {}),
});
const flood = tool({
  name: 'flood',
  description: 'Returns a lot',
  parameters: z.object({}),
  execute: () => 'x'.repeat(5_000),
});
const ownCap = tool({
  name: 'own_cap',
  description: 'Returns a lot, with its own cap',
  parameters: z.object({}),
  maxOutputChars: 100,
  execute: () => 'y'.repeat(5_000),
});
const busy = tool({
  name: 'busy',
  description: 'Reports progress',
  parameters: z.object({}),
  execute: (_args, ctx) => {
    ctx.progress('halfway', { done: 1, total: 2 });
    return 'ok';
  },
});

describe('tools cannot hang or flood a run', () => {
  it("a hanging tool ends at the agent's toolLimits.timeoutMs and the run goes on", async () => {
    const { server, client } = await startHarness();
    const agent: Agent = { name: 'a', model: 'mimo-v2.6-pro', tools: [never], toolLimits: { timeoutMs: 5 } };
    server.reply.functionCalls([{ name: 'never', arguments: {} }]);
    server.reply.text('gave up');
    const stream = streamRun({ client, agent, input: 'go', toolLimits: { timeoutMs: 60_000 } });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(result.finalOutput).toBe('gave up');
    expect(result.turns[0]?.toolCalls[0]).toMatchObject({ outcome: 'error', errorKind: 'timeout' });
    expect(events.find((e) => e.type === 'tool.completed')).toMatchObject({ errorKind: 'timeout' });
  });

  it("a long output is cut at the run's cap, with a marker in the history and a tool.output.truncated event", async () => {
    const { server, client } = await startHarness();
    const agent: Agent = { name: 'a', model: 'mimo-v2.6-pro', tools: [flood, ownCap] };
    server.reply.functionCalls([
      { name: 'flood', arguments: {} },
      { name: 'own_cap', arguments: {} },
    ]);
    server.reply.text('done');
    const stream = streamRun({ client, agent, input: 'go', toolLimits: { maxOutputChars: 1_000 } });
    const events = await drain(stream);
    const result = await stream.finalResult();
    const truncated = events.filter((e) => e.type === 'tool.output.truncated');
    expect(truncated).toEqual([
      expect.objectContaining({ name: 'flood', originalChars: 5_000, maxOutputChars: 1_000 }),
      expect.objectContaining({ name: 'own_cap', originalChars: 5_000, maxOutputChars: 100 }),
    ]);
    const outputs = result.history.filter((item) => item.type === 'function_call_output');
    expect(outputs[0]?.output).toBe(`${'x'.repeat(1_000)}…[truncated 4000 chars]`);
    expect(outputs[1]?.output).toBe(`${'y'.repeat(100)}…[truncated 4900 chars]`);
    // What the model was sent next carries the cut output, not 5 000 characters.
    expect(JSON.stringify(server.calls[1]?.body)).not.toContain('x'.repeat(1_001));
    const order = events.map((e) => e.type).filter((t) => t.startsWith('tool.'));
    expect(order.indexOf('tool.output.truncated')).toBeLessThan(order.lastIndexOf('tool.completed'));
  });

  it('ctx.progress() becomes a tool.progress event', async () => {
    const { server, client } = await startHarness();
    const agent: Agent = { name: 'a', model: 'mimo-v2.6-pro', tools: [busy] };
    server.reply.functionCalls([{ name: 'busy', arguments: {} }]);
    server.reply.text('done');
    const events = await drain(streamRun({ client, agent, input: 'go' }));
    const progress = events.filter((e) => e.type === 'tool.progress');
    expect(progress).toEqual([
      expect.objectContaining({ turn: 1, name: 'busy', message: 'halfway', data: { done: 1, total: 2 } }),
    ]);
  });
});
