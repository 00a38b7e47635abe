import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolDefinitionError } from './errors/tool-definition-error.js';
import { rawTool } from './raw-tool.js';
import { tool } from './tool.js';

const parameters = z.object({ amount: z.number() });
const execute = () => 'ok';

describe('needsApproval', () => {
  it('is kept on the tool when true or a predicate, and left off when false or absent', async () => {
    expect(
      tool({ name: 'a', description: 'd', parameters, execute, needsApproval: true }).needsApproval,
    ).toBe(true);
    expect(
      tool({ name: 'a', description: 'd', parameters, execute, needsApproval: false }).needsApproval,
    ).toBeUndefined();
    expect(tool({ name: 'a', description: 'd', parameters, execute }).needsApproval).toBeUndefined();
    const big = tool({
      name: 'a',
      description: 'd',
      parameters,
      execute,
      needsApproval: ({ amount }) => amount > 100,
    });
    const check = big.needsApproval;
    if (typeof check !== 'function') throw new Error('expected a predicate');
    expect(await check({ amount: 500 }, { callId: 'c', runId: 'r', context: undefined })).toBe(true);
    expect(await check({ amount: 5 }, { callId: 'c', runId: 'r', context: undefined })).toBe(false);
    const raw = rawTool({
      name: 'r',
      description: 'd',
      jsonSchema: { type: 'object' },
      execute,
      needsApproval: true,
    });
    expect(raw.needsApproval).toBe(true);
  });

  it('refuses anything else with a ToolDefinitionError naming the field', () => {
    const bad = () =>
      tool({ name: 'a', description: 'd', parameters, execute, needsApproval: 'yes' as unknown as boolean });
    expect(bad).toThrow(ToolDefinitionError);
    expect(bad).toThrow(/needsApproval must be true, false or a function \(got string\)/);
  });
});
