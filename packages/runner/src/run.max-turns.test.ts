import { validateHistory } from '@mimo-agents/core';
import type { TestServer } from '@mimo-agents/testing';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { MaxTurnsExceededError } from './errors/max-turns-exceeded-error.js';
import { run } from './run.js';
import { countingTools } from './test-support/counting-tools.js';
import { startHarness } from './test-support/harness.js';

const call = (city: string) => [{ name: 'get_weather', arguments: { city } }];

/** For each request the server received: did it declare `tools`? */
const carriedTools = (server: TestServer): boolean[] =>
  server.calls.map((c) => (c.body as { tools?: unknown[] }).tools !== undefined);

describe.each([1, 3])('maxTurns: %i', (maxTurns) => {
  it("allows maxTurns tool turns, then ends with MaxTurnsExceededError ('error' mode)", async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
    for (let i = 0; i <= maxTurns; i += 1)
      server.reply.functionCalls(call(`City${i}`), { reasoning: `r${i}` });
    const error = await run({ client, agent, input: 'Loop', maxTurns }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    const { partialResult, message } = error as MaxTurnsExceededError;
    expect((error as MaxTurnsExceededError).maxTurns).toBe(maxTurns);
    expect(message).toMatch(new RegExp(`maxTurns \\(${maxTurns}\\).*Fix:`));
    expect(carriedTools(server)).toEqual(Array(maxTurns).fill(true));
    expect(server.reply.pending).toBe(1);
    expect(executions.size).toBe(maxTurns);
    expect(partialResult.status).toBe('max_turns');
    expect(partialResult.turns).toHaveLength(maxTurns);
    expect(() => validateHistory(partialResult.history)).not.toThrow();
    expect(partialResult.history.at(-1)).toMatchObject({ type: 'function_call_output' });
  });

  it("allows maxTurns tool turns, then one request without tools for the answer ('final-answer' mode)", async () => {
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools, modelSettings: { tool_choice: 'auto' } };
    for (let i = 0; i < maxTurns; i += 1)
      server.reply.functionCalls(call(`City${i}`), { reasoning: `r${i}` });
    server.reply.text('All clear.', { reasoning: 'answer now' });
    const result = await run({ client, agent, input: 'Loop', maxTurns, onMaxTurns: 'final-answer' });
    expect(server.calls.map((c) => c.status)).toEqual(Array(maxTurns + 1).fill(200));
    expect(carriedTools(server)).toEqual([...Array(maxTurns).fill(true), false]);
    expect(executions.size).toBe(maxTurns);
    const last = server.calls.at(-1)?.body as Record<string, unknown>;
    expect(last.tool_choice).toBeUndefined();
    expect(JSON.stringify(last.input)).toContain('function_call');
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('All clear.');
    expect(result.turns).toHaveLength(maxTurns + 1);
    // The nudge was for that request only: the history stays the conversation itself.
    expect(result.history.filter((item) => 'role' in item && item.role === 'user')).toHaveLength(1);
    expect(() => validateHistory(result.history)).not.toThrow();
  });
});

describe("onMaxTurns: 'final-answer'", () => {
  it('sends no extra request when the model answers within maxTurns', async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    server.reply.functionCalls(call('Paris'));
    server.reply.text('Paris is clear.');
    const result = await run({
      client,
      agent: { name: 'w', model: 'mimo-v2.6-pro', tools },
      input: 'Paris?',
      maxTurns: 2,
      onMaxTurns: 'final-answer',
    });
    expect(carriedTools(server)).toEqual([true, true]);
    expect(result.finalOutput).toBe('Paris is clear.');
  });

  it("can flatten the calls into messages for the final request ('flatten-history' strategy)", async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    server.reply.functionCalls(call('Oslo'));
    server.reply.text('Oslo is cold.');
    const result = await run({
      client,
      agent: { name: 'w', model: 'mimo-v2.6-pro', tools },
      input: 'Loop',
      maxTurns: 1,
      onMaxTurns: 'final-answer',
      finalAnswer: { strategy: 'flatten-history', prompt: 'Answer now.' },
    });
    expect(carriedTools(server)).toEqual([true, false]);
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
      agent: { name: 'w', model: 'mimo-v2.6-pro', tools },
      input: 'x',
      maxTurns: 1,
      onMaxTurns: 'final-answer',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxTurnsExceededError);
    expect(carriedTools(server)).toEqual([true, false]);
    expect(executions.size).toBe(1);
    const { partialResult } = error as MaxTurnsExceededError;
    expect(partialResult.turns).toHaveLength(2);
    expect(() => validateHistory(partialResult.history)).not.toThrow();
    expect(partialResult.history.at(-1)).toMatchObject({
      type: 'function_call_output',
      output: expect.stringMatching(/Not executed/),
    });
  });
});
