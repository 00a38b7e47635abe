import { ConfigError } from '@mimo-agents/core';
import type * as z3 from 'zod/v3';
import type * as z4 from 'zod/v4/core';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import { type CompiledJsonSchema, compileJsonSchema } from '../schema/ajv-validate.js';
import { toInputJsonSchema } from '../schema/to-json-schema.js';
import { type SchemaCheck, validateWithZod } from '../schema/zod-validate.js';
import { detectZodSchema } from '../schema/zod-version.js';

/** A raw JSON Schema for structured output, with an optional validator (ajv checks it when absent). */
export interface RawOutputSchema<T = unknown> {
  /** The JSON Schema of the answer object (shown to the model). */
  jsonSchema: Record<string, unknown>;
  /** Checks the parsed answer; return issues with dotted paths (`items[0].name`) for the repair turn. */
  validate?: (value: unknown) => SchemaCheck<T>;
}

/** What an agent's `output` may be: a zod 4 or zod 3 schema, or a raw JSON Schema (with a validator). */
export type OutputSpec = z4.$ZodType | z3.ZodTypeAny | RawOutputSchema;

/** The validated type of an `OutputSpec`: `z.infer` for zod, the validator's type for a raw schema. */
export type InferOutput<S> = S extends z4.$ZodType
  ? z4.output<S>
  : S extends z3.ZodTypeAny
    ? z3.output<S>
    : S extends RawOutputSchema<infer T>
      ? T
      : never;

/** A structured-output schema ready to use: its JSON Schema and a validator of parsed JSON. */
export interface OutputSchema<T> {
  /** The answer's JSON Schema (an object schema), as sent to the model. */
  readonly jsonSchema: Record<string, unknown>;
  /** Validates a parsed answer; issues carry the value path. */
  validate(value: unknown): SchemaCheck<T>;
}

/**
 * Converts an agent's `output` (zod 4, zod 3, or `{ jsonSchema, validate? }`) once, the way tools
 * convert their parameters. The answer must be a JSON object (MiMo's `json_object` mode): anything
 * else, or a type JSON cannot describe, throws `ConfigError` naming `field`.
 * @example
 * const triage = outputSchema(z.object({ priority: z.enum(['low', 'high']), reply: z.string() }));
 */
export function outputSchema<S extends OutputSpec>(
  spec: S,
  field = 'agent.output',
): OutputSchema<InferOutput<S>> {
  const kind = detectZodSchema(spec);
  let jsonSchema: Record<string, unknown>;
  let validate: (value: unknown) => SchemaCheck<unknown>;
  if (kind !== undefined) {
    try {
      jsonSchema = toInputJsonSchema(kind, 'output');
    } catch (error) {
      if (!(error instanceof ToolDefinitionError)) throw error;
      throw new ConfigError(
        {
          field: `${field}${error.path.replace(/^parameters/, '')}`,
          problem: 'a type JSON cannot describe',
          fix: 'use JSON types (string, number, boolean, object, array) in the output schema',
        },
        { cause: error },
      );
    }
    validate = (value) => validateWithZod(kind, value);
  } else if (isRaw(spec)) {
    let compiled: CompiledJsonSchema;
    try {
      compiled = compileJsonSchema(spec.jsonSchema);
    } catch (error) {
      throw new ConfigError(
        {
          field: `${field}.jsonSchema`,
          problem: `not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
          fix: 'correct the schema',
        },
        { cause: error },
      );
    }
    jsonSchema = compiled.schema;
    validate = spec.validate ?? compiled.validate;
  } else {
    throw new ConfigError({
      field,
      problem: 'neither a zod schema nor { jsonSchema, validate? }',
      fix: 'pass z.object({ ... }) (zod 4 or zod/v3) or { jsonSchema: { type: "object", ... } }',
    });
  }
  if (jsonSchema.type !== 'object')
    throw new ConfigError({
      field,
      problem: `the answer must be a JSON object, not ${JSON.stringify(jsonSchema.type ?? 'any value')}`,
      fix: 'wrap it in an object, e.g. z.object({ items: z.array(...) })',
    });
  return Object.freeze({ jsonSchema, validate: validate as (value: unknown) => SchemaCheck<InferOutput<S>> });
}

function isRaw(value: unknown): value is RawOutputSchema {
  return (
    typeof value === 'object' &&
    value !== null &&
    'jsonSchema' in value &&
    typeof value.jsonSchema === 'object' &&
    value.jsonSchema !== null
  );
}
