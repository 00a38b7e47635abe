import type { InputItem } from '@mimo-agents/core';
import { ConfigError, type ToolChoice, validateHistory } from '@mimo-agents/core';
import { createToolRegistry, tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { buildRequest, DEFAULT_FINAL_ANSWER_PROMPT, flattenToolItems } from './build-request.js';

const getWeather = tool({
  name: 'get_weather',
  description: 'Weather',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city }),
});
const agent: Agent = {
  name: 'a',
  model: 'mimo-v2.6-pro',
  instructions: 'Be brief.',
  tools: [getWeather],
  reasoning: { effort: 'high' },
  modelSettings: {
    temperature: 0.3,
    max_output_tokens: 1000,
    tool_choice: 'auto',
    parallel_tool_calls: true,
  },
};
const history: InputItem[] = [
  { role: 'user', content: 'Weather?' },
  { type: 'reasoning', id: 'rs_1', content: [{ type: 'reasoning_text', text: 't' }] },
  { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
  { type: 'function_call_output', call_id: 'c1', output: '{"t":1}' },
];

describe('buildRequest', () => {
  it('sends the whole history with the agent settings and tools', () => {
    const body = buildRequest({ agent, history, registry: createToolRegistry(agent.tools ?? []) });
    expect(body).toMatchObject({
      model: 'mimo-v2.6-pro',
      instructions: 'Be brief.',
      reasoning: { effort: 'high' },
      temperature: 0.3,
      max_output_tokens: 1000,
      tool_choice: 'auto',
      parallel_tool_calls: true,
      input: history,
    });
    expect(body.tools?.map((t) => t.name)).toEqual(['get_weather']);
    // The sampling settings are copied in their order, right after the input, as the body went out before.
    expect(Object.keys(body)).toEqual([
      'model',
      'input',
      'temperature',
      'max_output_tokens',
      'instructions',
      'reasoning',
      'tools',
      'tool_choice',
      'parallel_tool_calls',
    ]);
    // The input is the request's own array: adding to it never changes the run's history.
    expect(body.input).not.toBe(history);
  });

  it('for the final answer sends no tools and no tool_choice, and asks for an answer', () => {
    const registry = createToolRegistry(agent.tools ?? []);
    const body = buildRequest({
      agent,
      history,
      registry,
      finalAnswer: { strategy: 'omit-tools', prompt: DEFAULT_FINAL_ANSWER_PROMPT },
    });
    expect(body.tools).toBeUndefined();
    expect(body.tool_choice).toBeUndefined();
    expect(body.parallel_tool_calls).toBeUndefined();
    expect(body.input).toEqual([...history, { role: 'user', content: DEFAULT_FINAL_ANSWER_PROMPT }]);
  });

  it('flatten-history rewrites calls and outputs as messages, leaving a valid history without calls', () => {
    const flat = flattenToolItems(history);
    expect(
      flat.some(
        (item) =>
          item.type === 'function_call' || item.type === 'function_call_output' || item.type === 'reasoning',
      ),
    ).toBe(false);
    expect(flat).toHaveLength(3);
    expect(() => validateHistory(flat)).not.toThrow();
  });

  describe('tool_choice, which MiMo silently treats as auto', () => {
    const getTime = tool({
      name: 'get_time',
      description: 'Time',
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) => ({ city }),
    });
    const registry = createToolRegistry([getWeather, getTime]);
    const withChoice = (tool_choice: ToolChoice): Agent => ({
      ...agent,
      modelSettings: { tool_choice },
    });

    it("'none' declares no tools, so no tool can be called", () => {
      const body = buildRequest({ agent: withChoice('none'), history, registry });
      expect(body.tools).toBeUndefined();
      expect(body.tool_choice).toBeUndefined();
    });

    it('a named function declares only that tool and sends no tool_choice', () => {
      const body = buildRequest({
        agent: withChoice({ type: 'function', name: 'get_time' }),
        history,
        registry,
      });
      expect(body.tools?.map((t) => t.name)).toEqual(['get_time']);
      expect(body.tool_choice).toBeUndefined();
    });

    it("refuses 'required' and unknown tool names, naming the field", () => {
      expect(() => buildRequest({ agent: withChoice('required'), history, registry })).toThrow(ConfigError);
      expect(() =>
        buildRequest({ agent: withChoice({ type: 'function', name: 'nope' }), history, registry }),
      ).toThrow(/agent\.modelSettings\.tool_choice.*no tool named "nope"/);
    });
  });
});
