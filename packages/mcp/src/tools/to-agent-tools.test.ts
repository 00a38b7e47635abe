import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../connection/resolve-options.js';
import { mapToolNames } from '../names/map-tool-names.js';
import { toAgentTools } from './to-agent-tools.js';

const listed = [
  {
    name: 'good',
    description: 'fine',
    inputSchema: { type: 'object' as const, properties: { a: { type: 'string' } } },
  },
  {
    name: 'tags',
    title: 'Tag map',
    inputSchema: {
      type: 'object' as const,
      properties: { tags: { type: 'object', additionalProperties: { type: 'string' } } },
    },
  },
  {
    name: 'broken',
    description: 'bad schema',
    inputSchema: { type: 'object' as const, properties: { a: { type: 'nonsense' } } },
  },
];

describe('toAgentTools()', () => {
  it('makes strict tools where possible, marks the others non-strict with a reason, and skips invalid schemas', () => {
    const skipped: Array<{ name: string; reason: string }> = [];
    const options = resolveOptions({
      name: 's',
      transport: { type: 'stdio', command: 'x' },
      onToolSkipped: (tool) => skipped.push(tool),
    });
    const names = mapToolNames({ names: listed.map((tool) => tool.name), prefix: 's' });
    const tools = toAgentTools({ listed, names, options, call: async () => ({ content: [] }) });
    expect(tools.map((tool) => [tool.name, tool.strict])).toEqual([
      ['s_good', true],
      ['s_tags', false],
    ]);
    expect(tools[1]?.nonStrictReason).toMatch(/^parameters\.tags/);
    expect(tools[1]?.description).toBe('Tag map');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.name).toBe('broken');
    expect(skipped[0]?.reason).toContain('not a valid JSON Schema');
  });
});
