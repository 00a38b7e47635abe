import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import * as z3 from 'zod/v3';
import { rawTool } from './raw-tool.js';
import { createToolRegistry } from './registry.js';
import { tool } from './tool.js';
import type { AnyTool, Tool, ToolContext } from './tool-types.js';

// execute's args are the schema's output type (zod 4): optional stays optional, defaults are filled in.
const weather = tool({
  name: 'get_weather',
  description: 'Weather',
  parameters: z.object({
    city: z.string(),
    unit: z.enum(['c', 'f']).optional(),
    days: z.number().default(3),
    len: z.string().transform((s) => s.length),
  }),
  execute: (args, ctx) => {
    expectTypeOf(args).toEqualTypeOf<{
      city: string;
      unit?: 'c' | 'f' | undefined;
      days: number;
      len: number;
    }>();
    expectTypeOf(ctx).toEqualTypeOf<ToolContext>();
    expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
    return args.city;
  },
});
expectTypeOf(weather).toEqualTypeOf<
  Tool<{ city: string; unit?: 'c' | 'f' | undefined; days: number; len: number }>
>();
expectTypeOf(weather.parse).returns.toEqualTypeOf<{
  city: string;
  unit?: 'c' | 'f' | undefined;
  days: number;
  len: number;
}>();

// zod 3 schemas infer too.
tool({
  name: 'v3',
  description: 'd',
  parameters: z3.object({ q: z3.string(), limit: z3.number().optional() }),
  execute: (args) => {
    expectTypeOf(args).toEqualTypeOf<{ q: string; limit?: number | undefined }>();
  },
});

// Using a field the schema does not have is a type error.
tool({
  name: 'x',
  description: 'd',
  parameters: z.object({ a: z.string() }),
  execute: (args) => {
    // @ts-expect-error `b` is not in the schema
    return args.b;
  },
});

// Non-object schemas are refused by the types as well as at run time.
// @ts-expect-error parameters must be an object schema
tool({ name: 'x', description: 'd', parameters: z.array(z.string()), execute: () => '' });

// Typed tools and raw tools fit in one registry.
const raw = rawTool({
  name: 'raw',
  description: 'd',
  jsonSchema: { type: 'object' },
  execute: (args) => args,
});
expectTypeOf(raw).toEqualTypeOf<Tool<unknown>>();
createToolRegistry([weather, raw]);
expectTypeOf(weather).toExtend<AnyTool>();

// needsApproval's predicate gets the parsed arguments, and a tool with one is still an AnyTool.
const refund = tool({
  name: 'refund',
  description: 'Refund',
  parameters: z.object({ amount: z.number() }),
  needsApproval: (args, ctx) => {
    expectTypeOf(args).toEqualTypeOf<{ amount: number }>();
    expectTypeOf(ctx.runId).toEqualTypeOf<string>();
    return args.amount > 100;
  },
  execute: () => 'ok',
});
expectTypeOf(refund).toExtend<AnyTool>();
