import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuplicateToolError } from './errors/duplicate-tool-error.js';
import { createToolRegistry } from './registry.js';
import { tool } from './tool.js';

const make = (name: string) =>
  tool({
    name,
    description: `The ${name} tool`,
    parameters: z.object({ q: z.string() }),
    execute: () => name,
  });

describe('createToolRegistry()', () => {
  it('looks tools up by name and lists names in order', () => {
    const a = make('alpha');
    const registry = createToolRegistry([a, make('beta')]);
    expect(registry.size).toBe(2);
    expect(registry.get('alpha')).toBe(a);
    expect(registry.get('gamma')).toBeUndefined();
    expect(registry.names()).toEqual(['alpha', 'beta']);
  });

  it('computes definitions once', () => {
    const registry = createToolRegistry([make('alpha'), make('beta')]);
    const first = registry.definitions();
    expect(registry.definitions()).toBe(first);
    expect(first.map((d) => d.name)).toEqual(['alpha', 'beta']);
    expect(first[0]).toEqual({
      type: 'function',
      name: 'alpha',
      description: 'The alpha tool',
      strict: true,
      parameters: {
        type: 'object',
        properties: { q: { type: 'string' } },
        required: ['q'],
        additionalProperties: false,
      },
    });
  });

  it('tool.definition is the definition computed at definition time, shared with the registry', () => {
    const a = make('alpha');
    expect(a.definition).toBe(createToolRegistry([a]).definitions()[0]);
  });

  it('refuses two tools with one name', () => {
    expect(() => createToolRegistry([make('alpha'), make('alpha')])).toThrow(DuplicateToolError);
    expect(() => createToolRegistry([make('alpha'), make('alpha')])).toThrow(/Duplicate tool name "alpha"/);
  });
});
