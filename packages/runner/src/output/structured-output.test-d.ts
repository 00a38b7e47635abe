import type { MimoClient } from '@mimo-agents/core';
import { type ToolContext, tool } from '@mimo-agents/tools';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import * as z3 from 'zod/v3';
import type { Agent } from '../agent.js';
import { resume } from '../resume.js';
import { run, streamRun } from '../run.js';
import type { RunResult } from '../run-result.js';
import type { RunStream } from '../run-stream.js';

declare const client: MimoClient;
declare const checkpoint: Parameters<typeof resume>[0]['checkpoint'];

const Triage = z.object({
  priority: z.enum(['low', 'high']),
  tags: z.array(z.string()),
  due: z.string().optional(),
});
interface Ctx {
  userId: string;
  plan: 'free' | 'pro';
}

const lookup = tool({
  name: 'lookup',
  description: 'Look up the account',
  parameters: z.object({ id: z.string() }),
  execute: (args, ctx: ToolContext<Ctx>) => {
    expectTypeOf(args).toEqualTypeOf<{ id: string }>();
    expectTypeOf(ctx.context).toEqualTypeOf<Ctx>();
    return ctx.context.plan;
  },
});

describe('structured output types', () => {
  it('finalOutput is the schema type (z.infer) in run, streamRun and resume', () => {
    const agent = { name: 't', model: 'mimo-v2.6-pro', output: Triage };
    expectTypeOf(run({ client, agent, input: 'x' })).resolves.toEqualTypeOf<
      RunResult<z.infer<typeof Triage>>
    >();
    expectTypeOf(streamRun({ client, agent, input: 'x' })).toEqualTypeOf<RunStream<z.infer<typeof Triage>>>();
    expectTypeOf(resume({ client, agent, runId: 'r', checkpoint }))
      .resolves.toHaveProperty('finalOutput')
      .toEqualTypeOf<{ priority: 'low' | 'high'; tags: string[]; due?: string | undefined } | undefined>();
  });

  it('zod 3 infers too; a raw JSON Schema takes its validator type; no output stays string', () => {
    const v3 = { name: 'a', model: 'm', output: z3.object({ n: z3.number() }) };
    expectTypeOf(run({ client, agent: v3, input: 'x' })).resolves.toEqualTypeOf<RunResult<{ n: number }>>();
    const raw = {
      name: 'r',
      model: 'm',
      output: {
        jsonSchema: { type: 'object' },
        validate: (value: unknown) => ({ ok: true as const, value: value as { id: number } }),
      },
    };
    expectTypeOf(run({ client, agent: raw, input: 'x' })).resolves.toEqualTypeOf<RunResult<{ id: number }>>();
    const text: Agent = { name: 't', model: 'm' };
    expectTypeOf(run({ client, agent: text, input: 'x' })).resolves.toEqualTypeOf<RunResult<string>>();
    const typed: Agent<typeof Triage> = { name: 't', model: 'm', output: Triage };
    expectTypeOf(run({ client, agent: typed, input: 'x' })).resolves.toEqualTypeOf<
      RunResult<z.infer<typeof Triage>>
    >();
  });

  it('ctx.context is the run context type; a context of another type is refused', () => {
    const agent = { name: 's', model: 'm', tools: [lookup], output: Triage };
    void run({ client, agent, input: 'x', context: { userId: 'u1', plan: 'pro' } });
    // @ts-expect-error: the tools read ctx.context as Ctx
    void run({ client, agent, input: 'x', context: 42 });
    expectTypeOf(lookup.execute).parameter(1).toEqualTypeOf<ToolContext<Ctx>>();
  });
});
