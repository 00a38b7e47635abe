import * as z4 from 'zod/v4/core';
import type { ToolArgumentIssue } from '../errors/tool-arguments-error.js';
import { formatValuePath } from './schema-path.js';
import type { ZodSchemaKind } from './zod-version.js';

/** A validator's verdict on a parsed JSON value: the (possibly transformed) value, or the issues by path. */
export type SchemaCheck<T> = { ok: true; value: T } | { ok: false; issues: ToolArgumentIssue[] };

/** Validates a value with a zod 4 or zod 3 schema; issues carry dotted paths (`items[0].name`). */
export function validateWithZod<T>(kind: ZodSchemaKind, value: unknown): SchemaCheck<T> {
  const result = kind.version === 4 ? z4.safeParse(kind.schema, value) : kind.schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data as T };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatValuePath(issue.path),
      message: describeIssue(issue),
    })),
  };
}

/** A missing field reads "Required (expected string)" in zod 3 and zod 4 alike; other messages stay zod's. */
function describeIssue(issue: {
  code: string;
  message: string;
  expected?: unknown;
  received?: unknown;
}): string {
  const missing = issue.received === 'undefined' || /received undefined$/.test(issue.message);
  if (issue.code === 'invalid_type' && missing && typeof issue.expected === 'string') {
    return `Required (expected ${issue.expected})`;
  }
  return issue.message;
}
