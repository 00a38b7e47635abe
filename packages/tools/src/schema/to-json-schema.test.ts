import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as z3 from 'zod/v3';
import * as z4 from 'zod/v4/core';
import { tool } from '../tool.js';
import type { AnyTool } from '../tool-types.js';
import { toInputJsonSchema } from './to-json-schema.js';
import { detectZodSchema } from './zod-version.js';

type Json = Record<string, unknown>;

interface Case {
  name: string;
  v4: z4.$ZodObject;
  v3: z3.AnyZodObject;
  valid: unknown[];
  invalid: unknown[];
  /** false when strict mode is impossible for this shape. */
  strict?: false;
}

const recursiveV4: z.ZodType<{ label: string; children: unknown[] }> = z.object({
  label: z.string(),
  get children() {
    return z.array(recursiveV4);
  },
});

const cases: Case[] = [
  {
    name: 'string with length bounds',
    v4: z.object({ s: z.string().min(2).max(4) }),
    v3: z3.object({ s: z3.string().min(2).max(4) }),
    valid: [{ s: 'ab' }, { s: 'abcd' }],
    invalid: [{ s: 'a' }, { s: 'abcde' }, { s: 3 }, {}],
  },
  {
    name: 'number with bounds',
    v4: z.object({ n: z.number().min(0).max(10) }),
    v3: z3.object({ n: z3.number().min(0).max(10) }),
    valid: [{ n: 0 }, { n: 9.5 }],
    invalid: [{ n: -1 }, { n: 11 }, { n: '1' }],
  },
  {
    name: 'integer',
    v4: z.object({ i: z.number().int() }),
    v3: z3.object({ i: z3.number().int() }),
    valid: [{ i: 3 }],
    invalid: [{ i: 3.5 }, { i: null }],
  },
  {
    name: 'boolean',
    v4: z.object({ b: z.boolean() }),
    v3: z3.object({ b: z3.boolean() }),
    valid: [{ b: true }, { b: false }],
    invalid: [{ b: 'true' }, { b: 0 }],
  },
  {
    name: 'enum',
    v4: z.object({ e: z.enum(['a', 'b']) }),
    v3: z3.object({ e: z3.enum(['a', 'b']) }),
    valid: [{ e: 'a' }],
    invalid: [{ e: 'c' }, { e: 1 }],
  },
  {
    name: 'literal',
    v4: z.object({ l: z.literal('x') }),
    v3: z3.object({ l: z3.literal('x') }),
    valid: [{ l: 'x' }],
    invalid: [{ l: 'y' }],
  },
  {
    name: 'optional field',
    v4: z.object({ a: z.string(), o: z.number().optional() }),
    v3: z3.object({ a: z3.string(), o: z3.number().optional() }),
    valid: [{ a: 'x' }, { a: 'x', o: 1 }],
    invalid: [{ o: 1 }, { a: 'x', o: 'no' }],
  },
  {
    name: 'nullable field',
    v4: z.object({ n: z.string().nullable() }),
    v3: z3.object({ n: z3.string().nullable() }),
    valid: [{ n: null }, { n: 's' }],
    invalid: [{}, { n: 1 }],
  },
  {
    name: 'nullable and optional field',
    v4: z.object({ n: z.string().nullable().optional() }),
    v3: z3.object({ n: z3.string().nullable().optional() }),
    valid: [{}, { n: null }, { n: 's' }],
    invalid: [{ n: 2 }],
  },
  {
    name: 'defaulted field',
    v4: z.object({ d: z.number().default(5) }),
    v3: z3.object({ d: z3.number().default(5) }),
    valid: [{}, { d: 1 }],
    invalid: [{ d: 'x' }],
  },
  {
    name: 'array with min items',
    v4: z.object({ xs: z.array(z.string()).min(1) }),
    v3: z3.object({ xs: z3.array(z3.string()).min(1) }),
    valid: [{ xs: ['a'] }],
    invalid: [{ xs: [] }, { xs: [1] }],
  },
  {
    name: 'nested object',
    v4: z.object({ p: z.object({ q: z.object({ r: z.boolean() }) }) }),
    v3: z3.object({ p: z3.object({ q: z3.object({ r: z3.boolean() }) }) }),
    valid: [{ p: { q: { r: true } } }],
    invalid: [{ p: { q: {} } }, { p: 1 }],
  },
  {
    name: 'array of objects with optional fields',
    v4: z.object({ items: z.array(z.object({ id: z.string(), qty: z.number().optional() })) }),
    v3: z3.object({ items: z3.array(z3.object({ id: z3.string(), qty: z3.number().optional() })) }),
    valid: [{ items: [] }, { items: [{ id: 'a' }, { id: 'b', qty: 2 }] }],
    invalid: [{ items: [{ qty: 1 }] }],
  },
  {
    name: 'union of primitives',
    v4: z.object({ u: z.union([z.string(), z.number()]) }),
    v3: z3.object({ u: z3.union([z3.string(), z3.number()]) }),
    valid: [{ u: 's' }, { u: 1 }],
    invalid: [{ u: true }, { u: null }],
  },
  {
    name: 'discriminated union',
    v4: z.object({
      shape: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('circle'), r: z.number() }),
        z.object({ kind: z.literal('square'), side: z.number(), label: z.string().optional() }),
      ]),
    }),
    v3: z3.object({
      shape: z3.discriminatedUnion('kind', [
        z3.object({ kind: z3.literal('circle'), r: z3.number() }),
        z3.object({ kind: z3.literal('square'), side: z3.number(), label: z3.string().optional() }),
      ]),
    }),
    valid: [{ shape: { kind: 'circle', r: 1 } }, { shape: { kind: 'square', side: 2 } }],
    invalid: [{ shape: { kind: 'circle' } }, { shape: { kind: 'oval', r: 1 } }],
  },
  {
    name: 'described fields',
    v4: z.object({ city: z.string().describe('City name') }).describe('Where'),
    v3: z3.object({ city: z3.string().describe('City name') }).describe('Where'),
    valid: [{ city: 'Paris' }],
    invalid: [{ city: 1 }],
  },
  {
    name: 'email format',
    v4: z.object({ to: z.email() }),
    v3: z3.object({ to: z3.string().email() }),
    valid: [{ to: 'a@b.co' }],
    invalid: [{ to: 'nope' }],
  },
  {
    name: 'regex pattern',
    v4: z.object({ code: z.string().regex(/^[A-Z]{3}$/) }),
    v3: z3.object({ code: z3.string().regex(/^[A-Z]{3}$/) }),
    valid: [{ code: 'ABC' }],
    invalid: [{ code: 'abc' }, { code: 'ABCD' }],
  },
  {
    name: 'array of enums',
    v4: z.object({ tags: z.array(z.enum(['x', 'y'])) }),
    v3: z3.object({ tags: z3.array(z3.enum(['x', 'y'])) }),
    valid: [{ tags: ['x', 'y'] }],
    invalid: [{ tags: ['z'] }],
  },
  {
    name: 'optional nested object',
    v4: z.object({ opts: z.object({ deep: z.boolean().optional() }).optional() }),
    v3: z3.object({ opts: z3.object({ deep: z3.boolean().optional() }).optional() }),
    valid: [{}, { opts: {} }, { opts: { deep: true } }],
    invalid: [{ opts: { deep: 'y' } }],
  },
  {
    name: 'transform (input side)',
    v4: z.object({ n: z.string().transform((s) => s.length) }),
    v3: z3.object({ n: z3.string().transform((s) => s.length) }),
    valid: [{ n: 'abc' }],
    invalid: [{ n: 3 }],
  },
  {
    name: 'record',
    v4: z.object({ r: z.record(z.string(), z.number()) }),
    v3: z3.object({ r: z3.record(z3.string(), z3.number()) }),
    valid: [{ r: { a: 1 } }],
    invalid: [{ r: { a: 'x' } }],
    strict: false,
  },
  {
    name: 'tuple',
    v4: z.object({ t: z.tuple([z.string(), z.number()]) }),
    v3: z3.object({ t: z3.tuple([z3.string(), z3.number()]) }),
    valid: [{ t: ['a', 1] }],
    invalid: [{ t: [1, 'a'] }, { t: ['a'] }],
    strict: false,
  },
];

const recursiveCase = {
  name: 'recursive tree (zod 4)',
  schema: z.object({ tree: recursiveV4 }),
  valid: [{ tree: { label: 'a', children: [{ label: 'b', children: [] }] } }],
  invalid: [{ tree: { label: 'a', children: [{ label: 1, children: [] }] } }],
};

/** Collects every rule of OpenAI's strict mode the schema breaks. */
function strictViolations(schema: Json): string[] {
  const out: string[] = [];
  if (schema.type !== 'object') out.push('root is not type object');
  const forbidden = [
    'allOf',
    'oneOf',
    'not',
    'if',
    'then',
    'else',
    'patternProperties',
    'propertyNames',
    'default',
    'prefixItems',
    'dependentSchemas',
    '$schema',
  ];
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) visit(n, `${at}/${i}`);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const n = node as Json;
    for (const key of forbidden) if (key in n) out.push(`${at}: ${key}`);
    if (n.properties !== undefined || n.type === 'object') {
      if (n.additionalProperties !== false) out.push(`${at}: additionalProperties is not false`);
      const keys = Object.keys((n.properties ?? {}) as Json).sort();
      const required = [...((n.required ?? []) as string[])].sort();
      if (JSON.stringify(keys) !== JSON.stringify(required))
        out.push(`${at}: not every property is required`);
    }
    if (!['type', 'anyOf', '$ref', 'enum', 'const'].some((k) => k in n)) out.push(`${at}: no type`);
    for (const key of ['properties', '$defs']) {
      const map = n[key];
      if (map !== undefined) for (const [k, v] of Object.entries(map as Json)) visit(v, `${at}/${key}/${k}`);
    }
    if (n.items !== undefined) visit(n.items, `${at}/items`);
    if (n.anyOf !== undefined) visit(n.anyOf, `${at}/anyOf`);
  };
  visit(schema, '#');
  return out;
}

/** What a strict model sends for `value`: every absent property present as `null`. */
function strictForm(value: unknown, schema: Json, root: Json): unknown {
  if (typeof schema.$ref === 'string') {
    const target =
      schema.$ref === '#' ? root : ((root.$defs as Json)[schema.$ref.replace('#/$defs/', '')] as Json);
    return strictForm(value, target, root);
  }
  if (Array.isArray(schema.anyOf)) {
    const variants = schema.anyOf as Json[];
    const pick = variants.find((v) => fitsObject(value, v)) ?? variants[0];
    return pick === undefined ? value : strictForm(value, pick, root);
  }
  if (Array.isArray(value)) return value.map((item) => strictForm(item, (schema.items ?? {}) as Json, root));
  if (typeof value === 'object' && value !== null && schema.properties !== undefined) {
    const out: Json = {};
    for (const [key, child] of Object.entries(schema.properties as Json)) {
      const v = (value as Json)[key];
      out[key] = v === undefined ? null : strictForm(v, child as Json, root);
    }
    return out;
  }
  return value;
}

function fitsObject(value: unknown, schema: Json): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || schema.properties === undefined)
    return false;
  const props = schema.properties as Json;
  return Object.entries(value).every(
    ([k, v]) => k in props && (!('const' in (props[k] as Json)) || (props[k] as Json).const === v),
  );
}

function zodAccepts(schema: z4.$ZodType | z3.ZodTypeAny, value: unknown): boolean {
  return '_zod' in schema ? z4.safeParse(schema, value).success : schema.safeParse(value).success;
}

function zodParse(schema: z4.$ZodType | z3.ZodTypeAny, value: unknown): unknown {
  const result = '_zod' in schema ? z4.safeParse(schema, value) : schema.safeParse(value);
  return result.success ? result.data : result.error;
}

// Without ajv-formats, ajv ignores `format` (and would say so on console for each one): the shapes are compared
// without formats on purpose, since MiMo does not enforce them either.
const ajv4 = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const ajv3 = new Ajv({ allErrors: true, strict: false, validateFormats: false });

function checkShape(
  version: 3 | 4,
  schema: z4.$ZodObject | z3.AnyZodObject,
  valid: unknown[],
  invalid: unknown[],
  strict: boolean,
): void {
  const ajv = version === 4 ? ajv4 : ajv3;
  const kind = detectZodSchema(schema);
  if (kind === undefined) throw new Error('not a zod schema');
  const input = toInputJsonSchema(kind, 'shape');
  const validate = ajv.compile(input);
  for (const value of valid) {
    expect(zodAccepts(schema, value), `zod accepts ${JSON.stringify(value)}`).toBe(true);
    expect(validate(value), `JSON Schema accepts ${JSON.stringify(value)}`).toBe(true);
  }
  for (const value of invalid) {
    expect(zodAccepts(schema, value), `zod rejects ${JSON.stringify(value)}`).toBe(false);
    expect(validate(value), `JSON Schema rejects ${JSON.stringify(value)}`).toBe(false);
  }

  const t: AnyTool = tool({ name: 'shape', description: 'd', parameters: schema, execute: () => '' });
  expect(t.strict).toBe(strict);
  if (!strict) {
    expect(t.nonStrictReason).toMatch(/^parameters\./);
    return;
  }
  const parameters = t.definition.parameters;
  expect(strictViolations(parameters)).toEqual([]);
  const validateStrict = ajv.compile(parameters);
  for (const value of valid) {
    const sent = strictForm(value, parameters, parameters);
    expect(validateStrict(sent), `strict schema accepts ${JSON.stringify(sent)}`).toBe(true);
    // A null the schema itself allows stays null; a null standing for "absent" is dropped.
    const expected = zodAccepts(schema, sent) ? zodParse(schema, sent) : zodParse(schema, value);
    expect(t.parse(JSON.stringify(sent))).toEqual(expected);
  }
  for (const value of invalid) expect(() => t.parse(JSON.stringify(value))).toThrow(/Invalid arguments/);
}

describe('zod → JSON Schema conversion', () => {
  it('covers at least 20 shapes', () => expect(cases.length).toBeGreaterThanOrEqual(20));

  describe.each(cases)('$name', (c) => {
    it('zod 4: the schema agrees with zod, and the strict form obeys strict mode', () => {
      checkShape(4, c.v4, c.valid, c.invalid, c.strict !== false);
    });
    it('zod 3: the schema agrees with zod, and the strict form obeys strict mode', () => {
      checkShape(3, c.v3, c.valid, c.invalid, c.strict !== false);
    });
  });

  it('zod 4: a recursive schema stays strict through $ref', () => {
    checkShape(4, recursiveCase.schema, recursiveCase.valid, recursiveCase.invalid, true);
  });

  it('keeps descriptions and moves defaults into the description when strict', () => {
    const t = tool({
      name: 'd',
      description: 'd',
      parameters: z.object({
        city: z.string().describe('City name'),
        days: z.number().default(3).describe('How many days'),
      }),
      execute: () => '',
    });
    expect(t.definition.parameters).toMatchObject({
      properties: {
        city: { type: 'string', description: 'City name' },
        days: { type: ['number', 'null'], description: 'How many days. Default: 3.' },
      },
    });
    const loose = tool({
      name: 'd',
      description: 'd',
      parameters: z.object({ days: z.number().default(3) }),
      execute: () => '',
      strict: false,
    });
    expect(loose.definition.parameters).toMatchObject({ properties: { days: { default: 3 } } });
  });
});
