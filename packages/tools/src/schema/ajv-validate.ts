import AjvModule from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaCheck } from './zod-validate.js';

/** A compiled JSON Schema: the schema without `$schema`, and its validator. */
export interface CompiledJsonSchema {
  schema: Record<string, unknown>;
  validate: (value: unknown) => SchemaCheck<unknown>;
}

/**
 * Compiles a plain JSON Schema with ajv (draft-07, or 2020-12 when `$schema` says so). Throws ajv's
 * error for an invalid schema; callers wrap it in their own typed error.
 */
export function compileJsonSchema(jsonSchema: Record<string, unknown>): CompiledJsonSchema {
  const schema = { ...jsonSchema };
  const is2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12');
  delete schema.$schema;
  const ajv = is2020
    ? new Ajv2020({ allErrors: true, strict: false })
    : new AjvModule.default({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  return {
    schema,
    validate: (value) => {
      if (check(value)) return { ok: true, value };
      const issues = (check.errors ?? []).map((error) => ({
        path: pointerToPath(error.instancePath, error.params),
        message: error.message ?? 'is invalid',
      }));
      return { ok: false, issues };
    },
  };
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
