import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { MaxTurnsExceededError } from './errors/max-turns-exceeded-error.js';
import { validateHistory } from './history/validate-history.js';
import { run } from './run.js';
import { countingTools } from './test-support/counting-tools.js';
import { startHarness } from './test-support/harness.js';

const call = (city: string) => [{ name: 'get_weather', arguments: { city } }];

describe('maxTurns', () => {
  it("ends with MaxTurnsExceededError carrying the partial result and a valid history ('error' mode)", async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.5-pro', tools };
    server.reply.functionCalls(call('Paris'), { reasoning: 'one' });
    server.reply.functionCalls(call('Rome'), { reasoning: 'two' });
    server.reply.text('never sent');
    const error = await run({ client, agent, input: 'Loop', maxTurns: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    const { partialResult, maxTurns, message } = error as MaxTurnsExceededError;
    expect(maxTurns).toBe(2);
    expect(message).toMatch(/maxTurns \(2\).*Fix:/);
    expect(server.calls).toHaveLength(2);
    expect(partialResult.status).toBe('max_turns');
    expect(partialResult.turns).toHaveLength(2);
    expect(executions.size).toBe(2);
    expect(() => validateHistory(partialResult.history)).not.toThrow();
    expect(partialResult.history.at(-1)).toMatchObject({ type: 'function_call_output' });
  });

  it("sends the last allowed request without tools and returns its answer ('final-answer' mode)", async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.5-pro', tools, modelSettings: { tool_choice: 'auto' } };
    server.reply.functionCalls(call('Paris'), { reasoning: 'one' });
    server.reply.text('Paris is clear.', { reasoning: 'answer now' });
    const result = await run({ client, agent, input: 'Loop', maxTurns: 2, onMaxTurns: 'final-answer' });
    expect(server.calls.map((c) => c.status)).toEqual([200, 200]);
    const last = server.calls[1]?.body as Record<string, unknown>;
    expect(last.tools).toBeUndefined();
    expect(last.tool_choice).toBeUndefined();
    expect(JSON.stringify(last.input)).toContain('function_call');
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('Paris is clear.');
    // The nudge was for that request only: the history stays the conversation itself.
    expect(result.history.filter((item) => 'role' in item && item.role === 'user')).toHaveLength(1);
    expect(() => validateHistory(result.history)).not.toThrow();
  });

  it("can flatten the calls into messages for the final request ('flatten-history' strategy)", async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    server.reply.functionCalls(call('Oslo'));
    server.reply.text('Oslo is cold.');
    const result = await run({
      client,
      agent: { name: 'w', model: 'mimo-v2.5-pro', tools },
      input: 'Loop',
      maxTurns: 2,
      onMaxTurns: 'final-answer',
      finalAnswer: { strategy: 'flatten-history', prompt: 'Answer now.' },
    });
    const body = server.calls[1]?.body as { input: { type?: string; content?: unknown }[] } | undefined;
    const input = body?.input ?? [];
    expect(input.some((item) => item.type === 'function_call' || item.type === 'function_call_output')).toBe(
      false,
    );
    expect(input.at(-1)).toEqual({ role: 'user', content: 'Answer now.' });
    expect(result.finalOutput).toBe('Oslo is cold.');
  });

  it('still ends with MaxTurnsExceededError if the model calls tools in the tool-less request', async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    server.reply.functionCalls(call('Paris'));
    server.reply.functionCalls(call('Rome'));
    const error = await run({
      client,
      agent: { name: 'w', model: 'mimo-v2.5-pro', tools },
      input: 'x',
      maxTurns: 2,
      onMaxTurns: 'final-answer',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(executions.size).toBe(1);
    const { partialResult } = error as MaxTurnsExceededError;
    expect(() => validateHistory(partialResult.history)).not.toThrow();
    expect(partialResult.history.at(-1)).toMatchObject({
      type: 'function_call_output',
      output: expect.stringMatching(/Not executed/),
    });
  });
});
