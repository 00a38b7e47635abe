import type * as z3 from 'zod/v3';
import type * as z4 from 'zod/v4/core';

/** Which zod major a schema belongs to: zod 4 schemas carry `_zod`, zod 3 ones only `_def`. */
export type ZodSchemaKind = { version: 4; schema: z4.$ZodType } | { version: 3; schema: z3.ZodTypeAny };

/** Detects a zod 4 or zod 3 schema; `undefined` when `value` is neither. */
export function detectZodSchema(value: unknown): ZodSchemaKind | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('_zod' in value) return { version: 4, schema: value as z4.$ZodType };
  if ('_def' in value && 'safeParse' in value && typeof value.safeParse === 'function') {
    return { version: 3, schema: value as z3.ZodTypeAny };
  }
  return undefined;
}
