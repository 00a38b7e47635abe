import { describe, expect, it } from 'vitest';
import { ToolArgumentsError } from './errors/tool-arguments-error.js';
import { ToolDefinitionError } from './errors/tool-definition-error.js';
import { executeTool } from './execute-tool.js';
import { rawTool } from './raw-tool.js';

const weatherSchema = {
  type: 'object',
  properties: {
    city: { type: 'string', minLength: 1 },
    days: { type: 'integer', minimum: 1 },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['city'],
};

describe('rawTool()', () => {
  it('makes a strict definition from a plain JSON Schema and drops nulls for optional fields', () => {
    const t = rawTool({
      name: 'weather',
      description: 'Weather',
      jsonSchema: weatherSchema,
      execute: (args) => args,
    });
    expect(t.strict).toBe(true);
    expect(t.definition.parameters).toMatchObject({
      required: ['city', 'days', 'tags'],
      additionalProperties: false,
      properties: { days: { type: ['integer', 'null'] } },
    });
    expect(t.parse('{"city":"Oslo","days":null,"tags":null}')).toEqual({ city: 'Oslo' });
  });

  it('validates with ajv and lists issues with paths', () => {
    const t = rawTool({
      name: 'weather',
      description: 'Weather',
      jsonSchema: weatherSchema,
      execute: () => '',
    });
    let caught: unknown;
    try {
      t.parse('{"days":0,"tags":["a",2]}');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ToolArgumentsError);
    const paths = (caught as ToolArgumentsError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['city', 'days', 'tags[1]']);
  });

  it('uses draft 2020-12 when the schema says so', () => {
    const t = rawTool({
      name: 'pair',
      description: 'd',
      jsonSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
        },
        required: ['pair'],
      },
      execute: () => '',
    });
    expect(t.strict).toBe(false);
    expect(t.nonStrictReason).toMatch(/^parameters\.pair: tuples/);
    expect(t.parse('{"pair":["a",1]}')).toEqual({ pair: ['a', 1] });
    expect(() => t.parse('{"pair":["a",1,2]}')).toThrow(ToolArgumentsError);
  });

  it('refuses a broken JSON Schema and a non-object schema', () => {
    expect(() =>
      rawTool({
        name: 'x',
        description: 'd',
        jsonSchema: { type: 'object', properties: { a: { type: 'nope' } } },
        execute: () => '',
      }),
    ).toThrow(ToolDefinitionError);
    expect(() =>
      rawTool({ name: 'x', description: 'd', jsonSchema: { type: 'string' }, execute: () => '' }),
    ).toThrow(/parameters must describe an object/);
  });

  it('runs through executeTool', async () => {
    const t = rawTool({
      name: 'weather',
      description: 'Weather',
      jsonSchema: weatherSchema,
      execute: (args) => args,
    });
    const outcome = await executeTool({
      tool: t,
      call: { callId: 'c1', name: 'weather', arguments: '{"city":"Oslo","days":2,"tags":null}' },
    });
    expect(outcome).toMatchObject({ type: 'ok', output: '{"city":"Oslo","days":2}' });
  });
});
