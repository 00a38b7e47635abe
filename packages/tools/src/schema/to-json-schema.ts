import * as z4 from 'zod/v4/core';
import { ignoreOverride, zodToJsonSchema } from 'zod-to-json-schema';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { formatSchemaPath } from './schema-path.js';
import type { ZodSchemaKind } from './zod-version.js';

/** zod 3 types with no JSON equivalent (the model can only send JSON). */
const UNREPRESENTABLE_V3 = new Map<string, string>([
  ['ZodDate', 'a Date (use z.string().datetime() and convert in execute)'],
  ['ZodFunction', 'a function'],
  ['ZodBigInt', 'a bigint (use z.number().int() or a string)'],
  ['ZodSymbol', 'a symbol'],
  ['ZodMap', 'a Map (use z.record())'],
  ['ZodSet', 'a Set (use z.array())'],
  ['ZodPromise', 'a promise'],
  ['ZodUndefined', 'undefined'],
  ['ZodVoid', 'void'],
  ['ZodNaN', 'NaN'],
]);

/**
 * Converts a zod 4 or zod 3 schema into the JSON Schema of the *input* the model must send.
 * Throws `ToolDefinitionError` naming the path of the first type JSON cannot describe.
 */
export function toInputJsonSchema(kind: ZodSchemaKind, toolName: string): Record<string, unknown> {
  if (kind.version === 4) return fromZod4(kind.schema, toolName);
  return fromZod3(kind, toolName);
}

function unrepresentable(toolName: string, path: string, what: string): ToolDefinitionError {
  return new ToolDefinitionError({
    tool: toolName,
    path: `parameters.${path}`,
    message: `Tool "${toolName}": parameters.${path} is ${what}, which cannot be described in JSON Schema. Fix: use a JSON type (string, number, boolean, object, array) for this field.`,
  });
}

function fromZod4(schema: z4.$ZodType, toolName: string): Record<string, unknown> {
  const json = z4.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    reused: 'inline',
    cycles: 'ref',
    unrepresentable: (ctx) => {
      throw unrepresentable(toolName, formatSchemaPath(ctx.path), describeZod4(ctx.zodSchema, ctx.message));
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function describeZod4(schema: z4.$ZodType, message: string): string {
  const type = schema._zod.def.type;
  switch (type) {
    case 'date':
      return 'a Date without a string format (use z.iso.datetime() and convert in execute)';
    case 'transform':
      return 'a transform with no describable input';
    default:
      return `a "${type}" schema (zod: ${message})`;
  }
}

function fromZod3(kind: ZodSchemaKind & { version: 3 }, toolName: string): Record<string, unknown> {
  let fault: ToolDefinitionError | undefined;
  const json = zodToJsonSchema(kind.schema, {
    target: 'jsonSchema7',
    $refStrategy: 'none',
    effectStrategy: 'input',
    pipeStrategy: 'input',
    // A pattern (not only `format`) so validators without format support still check it.
    emailStrategy: 'pattern:zod',
    override: (def, refs) => {
      const typeName = (def as { typeName?: string }).typeName ?? '';
      const what = UNREPRESENTABLE_V3.get(typeName);
      if (what !== undefined && fault === undefined) {
        fault = unrepresentable(toolName, formatSchemaPath(refs.currentPath), what);
      }
      return ignoreOverride;
    },
  }) as Record<string, unknown>;
  if (fault !== undefined) throw fault;
  delete json.$schema;
  return json;
}
