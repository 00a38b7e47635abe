import { type ToolArgumentIssue, ToolArgumentsError } from './errors/tool-arguments-error.js';
import { ToolDefinitionError } from './errors/tool-definition-error.js';
import type { FunctionDefinition } from './function-definition.js';
import { nullToAbsent } from './schema/null-to-absent.js';
import { strictify } from './schema/strictify.js';
import { assertToolName } from './tool-name.js';
import type { NeedsApproval, Tool, ToolContext } from './tool-types.js';

/** What `createTool()` needs: the input JSON Schema and a validator for parsed JSON. */
export interface CreateToolOptions<Args, TContext = unknown> {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  strict: boolean | undefined;
  timeoutMs: number | undefined;
  maxOutputChars: number | undefined;
  validate: (value: unknown) => { ok: true; value: Args } | { ok: false; issues: ToolArgumentIssue[] };
  execute: (args: Args, ctx: ToolContext<TContext>) => unknown;
  needsApproval?: NeedsApproval<Args> | undefined;
}

/** Builds a `Tool` from a JSON Schema and a validator; shared by `tool()` and `rawTool()`. */
export function createTool<Args, TContext = unknown>(
  options: CreateToolOptions<Args, TContext>,
): Tool<Args, TContext> {
  const { name, description, inputSchema, validate, execute, timeoutMs } = options;
  assertToolName(name);
  if (typeof description !== 'string') {
    throw new ToolDefinitionError({
      tool: name,
      path: 'description',
      message: `Tool "${name}": description must be a string. Fix: describe what the tool does.`,
    });
  }
  if (typeof execute !== 'function') {
    throw new ToolDefinitionError({
      tool: name,
      path: 'execute',
      message: `Tool "${name}": execute must be a function. Fix: pass execute: (args, ctx) => result.`,
    });
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0)) {
    throw new ToolDefinitionError({
      tool: name,
      path: 'timeoutMs',
      message: `Tool "${name}": timeoutMs must be a positive number of milliseconds (got ${String(timeoutMs)}). Fix: pass e.g. 30_000, or Infinity for no limit.`,
    });
  }
  const { maxOutputChars } = options;
  const cap = maxOutputChars;
  if (cap !== undefined && !(cap === Number.POSITIVE_INFINITY || (Number.isInteger(cap) && cap > 0))) {
    throw new ToolDefinitionError({
      tool: name,
      path: 'maxOutputChars',
      message: `Tool "${name}": maxOutputChars must be a positive integer (got ${String(cap)}). Fix: pass e.g. 100_000, or Infinity for no cap.`,
    });
  }
  const { needsApproval } = options;
  if (
    needsApproval !== undefined &&
    typeof needsApproval !== 'boolean' &&
    typeof needsApproval !== 'function'
  ) {
    throw new ToolDefinitionError({
      tool: name,
      path: 'needsApproval',
      message: `Tool "${name}": needsApproval must be true, false or a function (got ${typeof needsApproval}). Fix: pass needsApproval: true or (args, ctx) => boolean.`,
    });
  }
  if (inputSchema.type !== 'object') {
    throw new ToolDefinitionError({
      tool: name,
      path: 'parameters',
      message: `Tool "${name}": parameters must describe an object (got ${JSON.stringify(inputSchema.type ?? 'no type')}). Fix: wrap the arguments in z.object({ ... }).`,
    });
  }
  const strictResult = options.strict === false ? undefined : strictify(inputSchema);
  if (options.strict === true && strictResult?.ok === false) {
    throw new ToolDefinitionError({
      tool: name,
      path: `parameters.${strictResult.path}`,
      message: `Tool "${name}": strict mode is impossible at parameters.${strictResult.path}: ${strictResult.reason}. Fix: change that field or pass strict: false.`,
    });
  }
  const strict = strictResult?.ok === true;
  const plan = strictResult?.ok === true ? strictResult.plan : undefined;
  const parameters = strictResult?.ok === true ? strictResult.schema : inputSchema;
  const definition: FunctionDefinition = { type: 'function', name, description, parameters, strict };

  const tool: Tool<Args, TContext> = {
    kind: 'tool',
    name,
    description,
    strict,
    definition,
    parse(json: string): Args {
      let value: unknown;
      try {
        value = json.trim() === '' ? {} : JSON.parse(json);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ToolArgumentsError(
          {
            tool: name,
            issues: [{ path: '(root)', message: `not valid JSON (${reason}); send one JSON object` }],
          },
          {
            cause: error,
          },
        );
      }
      if (plan !== undefined) value = nullToAbsent(value, plan);
      const result = validate(value);
      if (!result.ok) throw new ToolArgumentsError({ tool: name, issues: result.issues });
      return result.value;
    },
    execute,
  };
  if (timeoutMs !== undefined) Object.assign(tool, { timeoutMs });
  if (maxOutputChars !== undefined) Object.assign(tool, { maxOutputChars });
  if (needsApproval !== undefined && needsApproval !== false) Object.assign(tool, { needsApproval });
  if (strictResult?.ok === false)
    Object.assign(tool, { nonStrictReason: `parameters.${strictResult.path}: ${strictResult.reason}` });
  return Object.freeze(tool);
}
