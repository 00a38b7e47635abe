import { createTool } from './create-tool.js';
import { ToolDefinitionError } from './errors/tool-definition-error.js';
import { type CompiledJsonSchema, compileJsonSchema } from './schema/ajv-validate.js';
import { checkToolOptionKeys, RAW_TOOL_OPTION_KEYS } from './tool-option-keys.js';
import type { NeedsApproval, Tool, ToolContext } from './tool-types.js';

/** Options of `rawTool()`. */
export interface RawToolOptions {
  /** Name the model calls the tool by: 1–64 letters, digits, `_` or `-`. */
  name: string;
  /** What the tool does, for the model. */
  description: string;
  /** The arguments' JSON Schema (an object schema), known only at run time. */
  jsonSchema: Record<string, unknown>;
  /** Runs the tool with the validated arguments. */
  execute: (args: unknown, ctx: ToolContext) => unknown;
  /** Time limit for one execution in ms; default the agent's or run's `toolLimits`, else 60 000. `Infinity`: none. */
  timeoutMs?: number;
  /** Longest output the model reads, in characters; default the agent's or run's, else 262 144. `Infinity`: no cap. */
  maxOutputChars?: number;
  /** Strict mode: default true when the schema allows it; `true` makes an impossible strict schema an error. */
  strict?: boolean;
  /** A person must approve each call (or each call the predicate picks) before it runs; the run pauses as `interrupted`. */
  needsApproval?: NeedsApproval<unknown>;
}

/**
 * Defines a tool from a plain JSON Schema (e.g. one discovered from another system); arguments
 * are validated with ajv (draft-07, or 2020-12 when `$schema` says so).
 * @example
 * const echo = rawTool({
 *   name: 'echo',
 *   description: 'Echo a text',
 *   jsonSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
 *   execute: (args) => args,
 * });
 */
export function rawTool(options: RawToolOptions): Tool<unknown> {
  checkToolOptionKeys(options, RAW_TOOL_OPTION_KEYS);
  const { name, jsonSchema } = options;
  let compiled: CompiledJsonSchema;
  try {
    compiled = compileJsonSchema(jsonSchema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolDefinitionError(
      {
        tool: name,
        path: 'jsonSchema',
        message: `Tool "${name}": jsonSchema is not a valid JSON Schema (${reason}). Fix the schema.`,
      },
      {
        cause: error,
      },
    );
  }
  return createTool<unknown>({
    name,
    description: options.description,
    inputSchema: compiled.schema,
    strict: options.strict,
    timeoutMs: options.timeoutMs,
    maxOutputChars: options.maxOutputChars,
    validate: compiled.validate,
    execute: options.execute,
    needsApproval: options.needsApproval,
  });
}
