import { ConfigError, RequestValidationError, UnsupportedParameterError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { createMemoryCheckpointStore } from './checkpoint/memory-checkpoint-store.js';
import { resume } from './resume.js';
import { run } from './run.js';
import type { RunOptions } from './run-options.js';
import { startHarness } from './test-support/harness.js';

const agent: Agent = { name: 'a', model: 'mimo-v2.6-pro' };

/** What plain JavaScript may pass: any keys. */
async function runWith(extra: Record<string, unknown>): Promise<{ error: unknown; calls: number }> {
  const { server, client } = await startHarness();
  server.reply.text('hello');
  const options = { client, agent, input: 'Hi', ...extra } as RunOptions;
  const error = await run(options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, calls: server.calls.length };
}

describe('run options are checked before any request', () => {
  it('a misspelt run option is refused with the closest name', async () => {
    const { error, calls } = await runWith({ maxTurn: 3 });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('maxTurn');
    expect((error as ConfigError).message).toContain('did you mean maxTurns?');
    expect(calls).toBe(0);
  });

  it('previous_response_id is refused as client.create refuses it', async () => {
    const { error, calls } = await runWith({ previous_response_id: 'resp_1' });
    expect(error).toBeInstanceOf(UnsupportedParameterError);
    expect((error as UnsupportedParameterError).message).toContain('previous_response_id');
    expect((error as UnsupportedParameterError).message).toContain('resend the full history');
    expect(calls).toBe(0);
  });

  it('a model setting passed to run() says it belongs on the agent', async () => {
    const { error } = await runWith({ temperature: 0.2 });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('agent.modelSettings.temperature');
  });

  it('nested objects: finalAnswer, toolLimits, agent, modelSettings', async () => {
    const nested = await runWith({ finalAnswer: { promt: 'x' } });
    expect((nested.error as ConfigError).field).toBe('finalAnswer.promt');
    expect((nested.error as ConfigError).message).toContain('did you mean prompt?');
    const limits = await runWith({ toolLimits: { timeout: 5 } });
    expect((limits.error as ConfigError).field).toBe('toolLimits.timeout');
    expect((limits.error as ConfigError).message).toContain('did you mean timeoutMs?');
    const badLimit = await runWith({ toolLimits: { timeoutMs: -1 } });
    expect((badLimit.error as ConfigError).field).toBe('toolLimits.timeoutMs');
    const agentKey = await runWith({ agent: { ...agent, instruction: 'x' } });
    expect((agentKey.error as ConfigError).field).toBe('agent.instruction');
    expect((agentKey.error as ConfigError).message).toContain('did you mean instructions?');
    const setting = await runWith({ agent: { ...agent, modelSettings: { max_tokens: 5 } } });
    expect((setting.error as ConfigError).field).toBe('agent.modelSettings.max_tokens');
    expect((setting.error as ConfigError).message).toContain('did you mean max_output_tokens?');
    const misplaced = await runWith({ agent: { ...agent, temperature: 0 } });
    expect((misplaced.error as ConfigError).field).toBe('agent.temperature');
    expect((misplaced.error as ConfigError).message).toContain('agent.modelSettings.temperature');
    expect(misplaced.calls).toBe(0);
  });

  it("run({ input: '' }) is refused as client.create refuses it", async () => {
    const { error, calls } = await runWith({ input: '' });
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).message).toContain('input');
    expect(calls).toBe(0);
    const empty = await runWith({ input: [] });
    expect(empty.error).toBeInstanceOf(RequestValidationError);
  });

  it('resume() checks its keys too', async () => {
    const { client } = await startHarness();
    const error = await resume({
      client,
      agent,
      runId: 'r1',
      checkpoint: createMemoryCheckpointStore(),
      input: 'Hi',
    } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('input');
  });
});
