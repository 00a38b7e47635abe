import { ConfigError } from '@mimo-agents/core';
import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import { agentTool } from '../agents/agent-tool.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { run, streamRun } from '../run.js';
import type { RunState } from '../run-state.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { startHarness } from '../test-support/harness.js';

const model = 'mimo-v2.6-pro';

describe('a runId with "/" (the separator of sub-run ids)', () => {
  it('is refused from the caller with ConfigError naming runId and the fix; nothing is sent or saved', async () => {
    const { server, client } = await startHarness();
    const checkpoint = createMemoryCheckpointStore<RunState>();
    const agent: Agent = { name: 'a', model };
    for (const start of [run, (options: Parameters<typeof run>[0]) => streamRun(options).finalResult()]) {
      const error = await start({ client, agent, input: 'hi', runId: 'tenant/order-1', checkpoint }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ field: 'runId' });
      expect((error as Error).message).toMatch(
        /Invalid runId \("tenant\/order-1" contains "\/", which separates a sub-run's id.*Fix: use an id without "\/"/,
      );
    }
    expect(server.calls).toHaveLength(0);
    expect(checkpoint.runIds()).toEqual([]);
  });

  it("is refused from a tool's own run(), while an agentTool's sub-run `<runId>/<callId>` is saved as before", async () => {
    const { server, client } = await startHarness();
    const checkpoint = createMemoryCheckpointStore<RunState>();
    const helper: Agent = { name: 'helper', model, instructions: 'H' };
    const refusals: unknown[] = [];
    const nested = tool({
      name: 'nested',
      description: 'Starts a run of its own',
      parameters: z.object({}),
      execute: async (_args, ctx) => {
        const error = await run({
          client,
          agent: helper,
          input: 'x',
          runId: `job-1/${ctx.callId}-own`,
          checkpoint,
        }).catch((caught: unknown) => caught);
        refusals.push(error);
        return 'refused';
      },
    });
    const lead: Agent = {
      name: 'lead',
      model,
      instructions: 'L',
      tools: [nested, agentTool(helper, { name: 'ask_helper', description: 'Ask', keepCheckpoint: true })],
    };
    scriptByInstructions(server, {
      L: [
        {
          calls: [
            { name: 'nested', arguments: {}, callId: 'call_n' },
            { name: 'ask_helper', arguments: { input: 'q' }, callId: 'call_h' },
          ],
        },
        { text: 'done' },
      ],
      H: [{ text: 'helped' }],
    });
    const result = await run({ client, agent: lead, input: 'go', runId: 'job-1', checkpoint });
    expect(result.finalOutput).toBe('done');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toBeInstanceOf(ConfigError);
    expect(checkpoint.runIds().sort()).toEqual(['job-1', 'job-1/call_h']);
  });
});
