import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as z3 from 'zod/v3';
import { ToolArgumentsError } from './errors/tool-arguments-error.js';
import { ToolDefinitionError } from './errors/tool-definition-error.js';
import { tool } from './tool.js';

const noop = () => 'ok';

describe('tool()', () => {
  it('builds a strict definition where optional fields are required and nullable', () => {
    const t = tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: z.object({ city: z.string().describe('City name'), unit: z.enum(['c', 'f']).optional() }),
      execute: noop,
    });
    expect(t.strict).toBe(true);
    expect(t.definition).toEqual({
      type: 'function',
      name: 'get_weather',
      description: 'Weather',
      strict: true,
      parameters: {
        type: 'object',
        properties: {
          city: { type: 'string', description: 'City name' },
          unit: { anyOf: [{ type: 'string', enum: ['c', 'f'] }, { type: 'null' }] },
        },
        required: ['city', 'unit'],
        additionalProperties: false,
      },
    });
  });

  it('turns a null for an optional field into absent, so defaults apply', () => {
    const t = tool({
      name: 'search',
      description: 'Search',
      parameters: z.object({ q: z.string(), limit: z.number().int().default(5), tag: z.string().optional() }),
      execute: noop,
    });
    expect(t.parse('{"q":"x","limit":null,"tag":null}')).toEqual({ q: 'x', limit: 5 });
    expect(t.parse('{"q":"x","limit":7,"tag":"a"}')).toEqual({ q: 'x', limit: 7, tag: 'a' });
  });

  it('keeps a null for a field that is itself nullable', () => {
    const t = tool({
      name: 'n',
      description: 'd',
      parameters: z.object({ note: z.string().nullable().optional() }),
      execute: noop,
    });
    expect(t.parse('{"note":null}')).toEqual({ note: null });
  });

  it('converts nulls inside nested objects and arrays', () => {
    const t = tool({
      name: 'nested',
      description: 'd',
      parameters: z.object({ items: z.array(z.object({ id: z.string(), qty: z.number().optional() })) }),
      execute: noop,
    });
    expect(t.parse('{"items":[{"id":"a","qty":null},{"id":"b","qty":2}]}')).toEqual({
      items: [{ id: 'a' }, { id: 'b', qty: 2 }],
    });
  });

  it('lists each argument issue with its path', () => {
    const t = tool({
      name: 'get_weather',
      description: 'd',
      parameters: z.object({ city: z.string(), days: z.array(z.number()) }),
      execute: noop,
    });
    const error = captureError(() => t.parse('{"days":[1,"x"]}'));
    expect(error).toBeInstanceOf(ToolArgumentsError);
    const issues = (error as ToolArgumentsError).issues;
    expect(issues.map((i) => i.path)).toEqual(['city', 'days[1]']);
    expect((error as Error).message).toMatch(
      /^Invalid arguments for tool "get_weather": city: Required \(expected string\); days\[1\]: /,
    );
    expect((error as Error).message).toMatch(/Fix the arguments and call the tool again\.$/);
  });

  it('reports invalid JSON as an argument issue', () => {
    const t = tool({ name: 'x', description: 'd', parameters: z.object({ a: z.string() }), execute: noop });
    const error = captureError(() => t.parse('{"a":'));
    expect(error).toBeInstanceOf(ToolArgumentsError);
    expect((error as ToolArgumentsError).issues[0]?.message).toMatch(/not valid JSON/);
  });

  it('treats empty arguments as an empty object', () => {
    const t = tool({ name: 'x', description: 'd', parameters: z.object({}), execute: noop });
    expect(t.parse('')).toEqual({});
  });

  it.each(['', 'has space', 'a'.repeat(65), 'dot.name', 'ünï'])('refuses the name %j', (name) => {
    const error = captureError(() =>
      tool({ name, description: 'd', parameters: z.object({}), execute: noop }),
    );
    expect(error).toBeInstanceOf(ToolDefinitionError);
    expect((error as ToolDefinitionError).path).toBe('name');
    expect((error as Error).message).toMatch(/letters, digits/);
  });

  it('accepts a 64-character name with digits, _ and -', () => {
    const name = `a-1_${'b'.repeat(60)}`;
    expect(tool({ name, description: 'd', parameters: z.object({}), execute: noop }).name).toBe(name);
  });

  it('refuses a non-object schema', () => {
    const error = captureError(() =>
      // @ts-expect-error a string schema is not an object schema
      tool({ name: 'x', description: 'd', parameters: z.string(), execute: noop }),
    );
    expect(error).toBeInstanceOf(ToolDefinitionError);
    expect((error as Error).message).toMatch(/must describe an object.*z\.object/);
  });

  it.each([
    ['a Date', z.object({ when: z.object({ at: z.date() }) }), 'parameters.when.at', /Date/],
    ['a function', z.object({ cb: z.function() }), 'parameters.cb', /function/i],
    ['a bigint', z.object({ list: z.array(z.bigint()) }), 'parameters.list[]', /bigint/i],
    ['a bare transform', z.object({ f: z.transform((x) => x) }), 'parameters.f', /transform/],
    [
      'a custom type',
      z.object({ opts: z.object({ c: z.custom<string>() }).optional() }),
      'parameters.opts.c',
      /custom/,
    ],
  ])('refuses %s naming its path (zod 4)', (_label, parameters, path, what) => {
    const error = captureError(() => tool({ name: 'x', description: 'd', parameters, execute: noop }));
    expect(error).toBeInstanceOf(ToolDefinitionError);
    expect((error as ToolDefinitionError).path).toBe(path);
    expect((error as Error).message).toMatch(what);
  });

  it.each([
    ['a Date', z3.object({ when: z3.object({ at: z3.date() }) }), 'parameters.when.at', /Date/],
    ['a function', z3.object({ cb: z3.function() }), 'parameters.cb', /function/i],
    ['a bigint', z3.object({ list: z3.array(z3.bigint()) }), 'parameters.list[]', /bigint/i],
  ])('refuses %s naming its path (zod 3)', (_label, parameters, path, what) => {
    const error = captureError(() => tool({ name: 'x', description: 'd', parameters, execute: noop }));
    expect(error).toBeInstanceOf(ToolDefinitionError);
    expect((error as ToolDefinitionError).path).toBe(path);
    expect((error as Error).message).toMatch(what);
  });

  it('describes the input side of a transform', () => {
    const t = tool({
      name: 'x',
      description: 'd',
      parameters: z.object({ n: z.string().transform((s) => s.length) }),
      execute: noop,
    });
    expect(t.definition.parameters).toMatchObject({ properties: { n: { type: 'string' } } });
    expect(t.parse('{"n":"abc"}')).toEqual({ n: 3 });
  });

  it('falls back to non-strict with a reason when strict mode is impossible', () => {
    const t = tool({
      name: 'x',
      description: 'd',
      parameters: z.object({ tags: z.record(z.string(), z.number()) }),
      execute: noop,
    });
    expect(t.strict).toBe(false);
    expect(t.definition.strict).toBe(false);
    expect(t.nonStrictReason).toMatch(/^parameters\.tags: .*record/);
  });

  it('refuses an impossible strict schema when strict: true was asked for', () => {
    const error = captureError(() =>
      tool({
        name: 'x',
        description: 'd',
        parameters: z.object({ anything: z.any() }),
        execute: noop,
        strict: true,
      }),
    );
    expect(error).toBeInstanceOf(ToolDefinitionError);
    expect((error as ToolDefinitionError).path).toBe('parameters.anything');
    expect((error as Error).message).toMatch(/strict: false/);
  });

  it('keeps the schema as converted with strict: false and does not touch nulls', () => {
    const t = tool({
      name: 'x',
      description: 'd',
      parameters: z.object({ a: z.string().optional() }),
      execute: noop,
      strict: false,
    });
    expect(t.definition.parameters).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
    });
    expect(() => t.parse('{"a":null}')).toThrow(ToolArgumentsError);
  });

  it('works with zod 3 schemas', () => {
    const t = tool({
      name: 'z3',
      description: 'd',
      parameters: z3.object({ city: z3.string(), unit: z3.enum(['c', 'f']).optional() }),
      execute: noop,
    });
    expect(t.strict).toBe(true);
    expect(t.definition.parameters).toMatchObject({
      required: ['city', 'unit'],
      additionalProperties: false,
    });
    expect(t.parse('{"city":"Paris","unit":null}')).toEqual({ city: 'Paris' });
    expect(() => t.parse('{"unit":"c"}')).toThrow(/city: Required \(expected string\)/);
    expect(() => t.parse('{"city":1}')).toThrow(/city: Expected string, received number/);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
