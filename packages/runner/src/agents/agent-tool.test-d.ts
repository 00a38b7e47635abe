import type { AnyTool, ToolContext } from '@mimo-agents/tools';
import { tool } from '@mimo-agents/tools';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from '../agent.js';
import type { RunResult } from '../run-result.js';
import { agentTool } from './agent-tool.js';

const Bill = z.object({ amount: z.number(), currency: z.enum(['EUR', 'USD']) });
interface Ctx {
  userId: string;
}

describe('agentTool types', () => {
  it("types the sub-run's result by the agent's output schema", () => {
    const billing = { name: 'billing', model: 'mimo-v2.6-pro', output: Bill };
    agentTool(billing, {
      name: 'ask_billing',
      description: 'Billing questions',
      output: (result) => {
        expectTypeOf(result).toEqualTypeOf<RunResult<z.infer<typeof Bill>>>();
        expectTypeOf(result.finalOutput).toEqualTypeOf<
          { amount: number; currency: 'EUR' | 'USD' } | undefined
        >();
        return result.finalOutput?.amount;
      },
    });
  });

  it('keeps string for a text agent, and the input schema', () => {
    const writer: Agent = { name: 'writer', model: 'mimo-v2.6-pro' };
    agentTool(writer, {
      name: 'write',
      description: 'Writes',
      input: z.object({ topic: z.string() }),
      output: (result) => {
        expectTypeOf(result.finalOutput).toEqualTypeOf<string | undefined>();
        return result.finalOutput;
      },
    });
  });

  it("carries the agent's context type to the tool it makes", () => {
    const lookup = tool({
      name: 'lookup',
      description: 'Looks up the user',
      parameters: z.object({}),
      execute: (_args, ctx: ToolContext<Ctx>) => ctx.context.userId,
    });
    const account: Agent<typeof Bill, Ctx> = {
      name: 'account',
      model: 'mimo-v2.6-pro',
      tools: [lookup],
      output: Bill,
    };
    const asked = agentTool(account, { name: 'ask_account', description: 'Account questions' });
    expectTypeOf(asked).toEqualTypeOf<AnyTool<Ctx>>();
    const parent: Agent<undefined, Ctx> = { name: 'lead', model: 'mimo-v2.6-pro', tools: [asked] };
    expectTypeOf(parent.tools).toEqualTypeOf<readonly AnyTool<Ctx>[] | undefined>();
  });

  it('refuses an output mapper that reads a field the schema does not have', () => {
    const billing = { name: 'billing', model: 'mimo-v2.6-pro', output: Bill };
    agentTool(billing, {
      name: 'ask_billing',
      description: 'Billing questions',
      // @ts-expect-error: `total` is not a field of the billing agent's output
      output: (result) => result.finalOutput?.total,
    });
  });
});
