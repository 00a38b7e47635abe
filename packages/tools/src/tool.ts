import { createTool } from './create-tool.js';
import { ToolDefinitionError } from './errors/tool-definition-error.js';
import { toInputJsonSchema } from './schema/to-json-schema.js';
import { validateWithZod } from './schema/zod-validate.js';
import { detectZodSchema } from './schema/zod-version.js';
import { checkToolOptionKeys, TOOL_OPTION_KEYS } from './tool-option-keys.js';
import type { InferToolArgs, NeedsApproval, Tool, ToolContext, ToolParameters } from './tool-types.js';

/** Options of `tool()`. */
export interface ToolOptions<S extends ToolParameters, TContext = unknown> {
  /** Name the model calls the tool by: 1–64 letters, digits, `_` or `-`. */
  name: string;
  /** What the tool does and when to use it, for the model. */
  description: string;
  /** A zod object schema (zod 4, or zod 3 via `zod/v3`) of the arguments. */
  parameters: S;
  /** Runs the tool with parsed, typed arguments. Strings are returned to the model as they are, anything else as JSON. */
  execute: (args: InferToolArgs<S>, ctx: ToolContext<TContext>) => unknown;
  /** Time limit for one execution in ms; default the agent's or run's `toolLimits`, else 60 000. `Infinity`: none. */
  timeoutMs?: number;
  /** Longest output the model reads, in characters; default the agent's or run's, else 262 144. `Infinity`: no cap. */
  maxOutputChars?: number;
  /** Strict mode: default true when the schema allows it; `true` makes an impossible strict schema an error. */
  strict?: boolean;
  /** A person must approve each call (or each call the predicate picks) before it runs; the run pauses as `interrupted`. */
  needsApproval?: NeedsApproval<InferToolArgs<S>>;
}

/**
 * Defines a tool from a zod object schema. The schema is checked and converted once, here:
 * bad names, non-object and unrepresentable schemas throw `ToolDefinitionError`.
 * @example
 * const getWeather = tool({
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   parameters: z.object({ city: z.string(), unit: z.enum(['c', 'f']).optional() }),
 *   execute: async ({ city, unit }) => ({ city, temp: 18, unit: unit ?? 'c' }),
 * });
 */
export function tool<S extends ToolParameters, TContext = unknown>(
  options: ToolOptions<S, TContext>,
): Tool<InferToolArgs<S>, TContext> {
  const name = typeof options.name === 'string' ? options.name : '';
  checkToolOptionKeys(options, TOOL_OPTION_KEYS);
  const kind = detectZodSchema(options.parameters);
  if (kind === undefined) {
    throw new ToolDefinitionError({
      tool: name,
      path: 'parameters',
      message: `Tool "${name}": parameters must be a zod schema. Fix: pass z.object({ ... }) (or use rawTool() for a plain JSON Schema).`,
    });
  }
  return createTool<InferToolArgs<S>, TContext>({
    name: options.name,
    description: options.description,
    inputSchema: toInputJsonSchema(kind, name),
    strict: options.strict,
    timeoutMs: options.timeoutMs,
    maxOutputChars: options.maxOutputChars,
    validate: (value) => validateWithZod<InferToolArgs<S>>(kind, value),
    execute: options.execute,
    needsApproval: options.needsApproval,
  });
}
