import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as z3 from 'zod/v3';
import { outputSchema } from './output-schema.js';

describe('outputSchema', () => {
  it('converts zod 4 and zod 3 to the same kind of object JSON Schema and validates by path', () => {
    for (const schema of [
      outputSchema(z.object({ items: z.array(z.object({ qty: z.number().int() })) })),
      outputSchema(z3.object({ items: z3.array(z3.object({ qty: z3.number().int() })) })),
    ]) {
      expect(schema.jsonSchema).toMatchObject({ type: 'object', properties: { items: { type: 'array' } } });
      expect(schema.validate({ items: [{ qty: 1 }] })).toEqual({ ok: true, value: { items: [{ qty: 1 }] } });
      const bad = schema.validate({ items: [{ qty: 1 }, { qty: 'x' }] });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.issues.map((issue) => issue.path)).toEqual(['items[1].qty']);
    }
  });

  it('takes a raw JSON Schema, validated by ajv unless a validator is given', () => {
    const raw = outputSchema({
      jsonSchema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
    });
    expect(raw.validate({})).toEqual({
      ok: false,
      issues: [{ path: 'n', message: "must have required property 'n'" }],
    });
    const own = outputSchema({
      jsonSchema: { type: 'object' },
      validate: (value) => ({
        ok: false,
        issues: [{ path: '(root)', message: `refused ${JSON.stringify(value)}` }],
      }),
    });
    expect(own.validate(1)).toMatchObject({ ok: false, issues: [{ message: 'refused 1' }] });
  });

  it('refuses non-object answers, unrepresentable types and non-schemas with a ConfigError naming the field', () => {
    expect(() => outputSchema(z.array(z.string()))).toThrow(
      /Invalid agent\.output \(the answer must be a JSON object.*Fix: wrap/,
    );
    expect(() => outputSchema(z.object({ when: z.date() }))).toThrow(/Invalid agent\.output\.when/);
    expect(() => outputSchema({ nope: true } as never)).toThrow(
      /Invalid agent\.output \(neither a zod schema/,
    );
    expect(() => outputSchema({ jsonSchema: { type: 'object', properties: 3 } })).toThrow(
      /agent\.output\.jsonSchema/,
    );
  });
});
