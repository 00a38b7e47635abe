import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fillSchema } from './fill-schema.js';

function fill(schema: z.ZodType, userText = 'Weather in Paris tomorrow?'): unknown {
  const json = z.toJSONSchema(schema) as Record<string, unknown>;
  const result = fillSchema(json, { root: json, userText });
  if (!result.ok) throw new Error('schema could not be filled');
  return schema.parse(result.value);
}

describe('fillSchema', () => {
  it('takes place names and queries from the user’s words', () => {
    expect(fill(z.object({ city: z.string(), query: z.string() }))).toEqual({
      city: 'Paris',
      query: 'Weather in Paris tomorrow',
    });
  });

  it('fills enums, bounded numbers, booleans, formats and lengths validly', () => {
    const schema = z.object({
      unit: z.enum(['c', 'f']),
      days: z.number().int().min(3).max(7),
      ratio: z.number().gt(0.5).lt(10),
      exact: z.boolean(),
      when: z.iso.datetime(),
      code: z.string().min(4).max(6),
    });
    expect(fill(schema)).toMatchObject({ unit: 'c', days: 3, exact: true, when: '2026-01-01T00:00:00Z' });
  });

  it('fills nested objects, arrays, nullable and optional fields', () => {
    const schema = z.object({
      filters: z.object({ tags: z.array(z.string()).min(2), limit: z.number().nullable() }),
      note: z.string().optional(),
      mode: z.union([z.literal('fast'), z.literal('slow')]),
    });
    const value = fill(schema) as { filters: { tags: string[]; limit: number | null } };
    expect(value.filters.tags).toHaveLength(2);
    expect(value.filters.limit).toBe(1);
  });

  it('resolves $ref definitions', () => {
    const schema = {
      type: 'object',
      properties: { place: { $ref: '#/$defs/Place' } },
      required: ['place'],
      $defs: { Place: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    };
    expect(fillSchema(schema, { root: schema, userText: 'Go to Rome' })).toEqual({
      ok: true,
      value: { place: { city: 'Rome' } },
    });
  });

  it('reports a schema it cannot satisfy', () => {
    const schema = { type: 'object', properties: { x: { enum: [] } }, required: ['x'] };
    expect(fillSchema(schema, { root: schema, userText: '' })).toEqual({ ok: false });
  });
  it('takes numbers and enum values the user mentioned, each once, in order', () => {
    const currency = { type: 'string', enum: ['CNY', 'EUR', 'USD'] };
    const schema = {
      type: 'object',
      properties: { amount: { type: 'number', exclusiveMinimum: 0 }, from: currency, to: currency },
      required: ['amount', 'from', 'to'],
    };
    const userText = 'How many USD is 100 EUR? I have 2 bags.';
    expect(fillSchema(schema, { root: schema, userText, used: new Set() })).toEqual({
      ok: true,
      value: { amount: 100, from: 'USD', to: 'EUR' },
    });
    // Without mentions, the first enum value and the minimum still apply.
    expect(fillSchema(schema, { root: schema, userText: 'hi', used: new Set() })).toEqual({
      ok: true,
      value: { amount: 1, from: 'CNY', to: 'CNY' },
    });
  });

  it('takes a value an earlier tool produced when the parameter’s name matches and the type fits', () => {
    const schema = z.object({
      order_id: z.string(),
      total: z.number(),
      note: z.string(),
      report: z.string(),
    });
    const json = z.toJSONSchema(schema) as Record<string, unknown>;
    const known = new Map<string, unknown>([
      ['orderid', 'O-7'],
      ['total', 'not a number'],
    ]);
    const result = fillSchema(json, {
      root: json,
      userText: 'Check order 12',
      known,
      summary: 'list_orders: [O-7]',
    });
    expect(result).toEqual({
      ok: true,
      value: { order_id: 'O-7', total: 12, note: 'demo', report: 'list_orders: [O-7]' },
    });
  });
});
