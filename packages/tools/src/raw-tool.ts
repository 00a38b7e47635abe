import AjvModule from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createTool } from './create-tool.js';
import { ToolDefinitionError } from './errors/tool-definition-error.js';
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
  const schema = { ...jsonSchema };
  const is2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12');
  delete schema.$schema;
  const ajv = is2020
    ? new Ajv2020({ allErrors: true, strict: false })
    : new AjvModule.default({ allErrors: true, strict: false });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
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
    inputSchema: schema,
    strict: options.strict,
    timeoutMs: options.timeoutMs,
    maxOutputChars: options.maxOutputChars,
    validate: (value) => {
      if (validate(value)) return { ok: true, value };
      const issues = (validate.errors ?? []).map((error) => ({
        path: pointerToPath(error.instancePath, error.params),
        message: error.message ?? 'is invalid',
      }));
      return { ok: false, issues };
    },
    execute: options.execute,
    needsApproval: options.needsApproval,
  });
}

/** `/items/0/name` → `items[0].name`; a missing property is named from ajv's params. */
function pointerToPath(pointer: string, params: Record<string, unknown>): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (typeof params.missingProperty === 'string') parts.push(params.missingProperty);
  if (typeof params.additionalProperty === 'string') parts.push(params.additionalProperty);
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? '(root)' : out;
}
