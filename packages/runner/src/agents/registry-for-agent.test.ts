import { DuplicateToolError, rawTool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { registryForAgent } from './registry-for-agent.js';

const model = 'mimo-v2.6-pro';
const echo = (name: string) =>
  rawTool({ name, description: name, jsonSchema: { type: 'object', properties: {} }, execute: () => name });

describe('registryForAgent()', () => {
  it('is shared by every run of an agent, transfer tools included', () => {
    const target: Agent = { name: 'billing', model, instructions: 'B' };
    const agent: Agent = { name: 'triage', model, instructions: 'T', tools: [echo('a')], handoffs: [target] };
    const first = registryForAgent(agent);
    expect(registryForAgent(agent)).toBe(first);
    expect(first.names()).toEqual(['a', 'transfer_to_billing']);
    // Another agent with the same tools has its own.
    expect(registryForAgent({ ...agent })).not.toBe(first);
  });

  it('is built again when the tools or handoffs change, in place or replaced', () => {
    const tools = [echo('a')];
    const agent: Agent = { name: 'x', model, instructions: 'X', tools };
    const first = registryForAgent(agent);
    tools.push(echo('b'));
    const second = registryForAgent(agent);
    expect(second).not.toBe(first);
    expect(second.names()).toEqual(['a', 'b']);
    agent.tools = [echo('c')];
    expect(registryForAgent(agent).names()).toEqual(['c']);
    agent.handoffs = [{ name: 'y', model, instructions: 'Y' }];
    expect(registryForAgent(agent).names()).toEqual(['c', 'transfer_to_y']);
  });

  it('refuses two tools with one name on every run, not only the first', () => {
    const agent: Agent = { name: 'x', model, instructions: 'X', tools: [echo('a'), echo('a')] };
    expect(() => registryForAgent(agent)).toThrow(DuplicateToolError);
    expect(() => registryForAgent(agent)).toThrow(DuplicateToolError);
  });
});
