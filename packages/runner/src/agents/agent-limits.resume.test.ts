import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { resume } from '../resume.js';
import { run } from '../run.js';
import type { RunState } from '../run-state.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { startHarness } from '../test-support/harness.js';
import { AgentLimitError } from './agent-limit-error.js';
import { agentTool } from './agent-tool.js';

const model = 'mimo-v2.6-pro';
const ask = (callId: string) => ({ calls: [{ name: 'ask_alpha', arguments: { input: 'q' }, callId }] });

function lead(): Agent {
  const alpha: Agent = { name: 'alpha', model, instructions: 'A' };
  return {
    name: 'lead',
    model,
    instructions: 'P',
    tools: [agentTool(alpha, { name: 'ask_alpha', description: 'Ask alpha' })],
  };
}

/** Two sub-runs in two turns, then the third request fails for good: a saved, failed run. */
async function twoSubRunsThenFail(runId: string) {
  const harness = await startHarness();
  const checkpoint = createMemoryCheckpointStore();
  scriptByInstructions(harness.server, {
    P: [ask('call_1'), ask('call_2')],
    A: [{ text: 'one' }, { text: 'two' }],
  });
  harness.server.reply.error(400);
  const failed = await run({
    client: harness.client,
    agent: lead(),
    input: 'go',
    runId,
    checkpoint,
    agentLimits: { maxSubRuns: 2 },
  }).catch((error: unknown) => error);
  expect(failed).toBeInstanceOf(Error);
  expect(harness.server.calls.map((call) => call.status)).toEqual([200, 200, 200, 200, 400]);
  return { ...harness, checkpoint };
}

describe('agentLimits.maxSubRuns across a resume', () => {
  it('keeps counting: the saved state holds the count, and a resumed run cannot start more than the limit', async () => {
    const { server, client, checkpoint } = await twoSubRunsThenFail('r1');
    expect((await checkpoint.load('r1'))?.subRuns).toBe(2);
    scriptByInstructions(server, { P: [ask('call_3')], A: [{ text: 'three' }] });

    const error = await resume({
      client,
      agent: lead(),
      runId: 'r1',
      checkpoint,
      agentLimits: { maxSubRuns: 2 },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentLimitError);
    expect((error as AgentLimitError).limit).toBe('maxSubRuns');
    // The third sub-run never sent a request.
    expect(server.calls.map((call) => (call.body as { instructions?: string }).instructions)).toEqual([
      'P',
      'A',
      'P',
      'A',
      'P',
      'P',
    ]);
  });

  it('a checkpoint saved before the count existed still loads, and counts from 0', async () => {
    const { server, client, checkpoint } = await twoSubRunsThenFail('r2');
    const saved = (await checkpoint.load('r2')) as RunState;
    delete saved.subRuns;
    await checkpoint.save('r2', saved);
    scriptByInstructions(server, { P: [ask('call_3'), { text: 'done' }], A: [{ text: 'three' }] });

    const result = await resume({
      client,
      agent: lead(),
      runId: 'r2',
      checkpoint,
      agentLimits: { maxSubRuns: 2 },
    });
    expect(result.finalOutput).toBe('done');
    expect((await checkpoint.load('r2'))?.subRuns).toBe(1);
  });

  it('refuses a damaged count with ResumeMismatchError naming subRuns', async () => {
    const { client, checkpoint } = await twoSubRunsThenFail('r3');
    const saved = (await checkpoint.load('r3')) as RunState;
    await checkpoint.save('r3', { ...saved, subRuns: -1 });
    const error = await resume({ client, agent: lead(), runId: 'r3', checkpoint }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toContain('subRuns');
  });
});
