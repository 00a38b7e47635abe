import type { Response, ResponseRequest } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { run } from '../run.js';
import { countingTools } from '../test-support/counting-tools.js';
import { startHarness } from '../test-support/harness.js';
import { sameJson, shareRequestEchoes } from './share-request-echoes.js';

type Echoed = Response & Record<string, unknown>;

const tools = [
  {
    type: 'function' as const,
    name: 'lookup',
    description: 'Look up',
    parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
    strict: true,
  },
];

function request(): ResponseRequest {
  return { model: 'mimo-v2.6-pro', input: [], instructions: 'Be brief.', tools };
}

/** A response as parsed from the wire: every echo a separate copy. */
function parsed(overrides: Record<string, unknown> = {}): Echoed {
  return JSON.parse(
    JSON.stringify({
      id: 'resp_1',
      object: 'response',
      created_at: 1,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'mimo-v2.6-pro',
      output: [],
      metadata: {},
      tools,
      instructions: 'Be brief.',
      reasoning: { effort: null, summary: null },
      text: { format: { type: 'text' } },
      ...overrides,
    }),
  ) as Echoed;
}

describe('sameJson', () => {
  it('compares JSON values, object keys in order', () => {
    expect(sameJson({ a: 1, b: [1, { c: null }] }, { a: 1, b: [1, { c: null }] })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});

describe('shareRequestEchoes', () => {
  it('points equal echoes at the request values and shares frozen settings objects, content unchanged', () => {
    const sent = request();
    const response = parsed();
    const before = JSON.stringify(response);
    const kept = shareRequestEchoes(response, sent) as Echoed;
    expect(kept).toBe(response);
    expect(JSON.stringify(kept)).toBe(before);
    expect(kept.tools).toBe(sent.tools);
    expect(kept.metadata).toBe((shareRequestEchoes(parsed(), sent) as Echoed).metadata);
    expect(Object.isFrozen(kept.metadata)).toBe(true);
    expect(Object.isFrozen((kept.text as { format: object }).format)).toBe(true);
    expect(kept.reasoning).toBe((shareRequestEchoes(parsed(), sent) as Echoed).reasoning);
  });

  it('keeps an echo that differs from the request as it was parsed', () => {
    const sent = request();
    const reordered = [{ ...tools[0], strict: undefined, type: 'function', strict2: true }];
    const response = parsed({ tools: reordered, instructions: 'Other.', model: 'mimo-v2.6-pro-0101' });
    const copy = response.tools;
    shareRequestEchoes(response, sent);
    expect(response.tools).toBe(copy);
    expect(response.instructions).toBe('Other.');
    expect(response.model).toBe('mimo-v2.6-pro-0101');
    // A request without tools echoed with an empty list: a shared empty list.
    const none = parsed({ tools: [] });
    shareRequestEchoes(none, { model: 'mimo-v2.6-pro', input: [] });
    expect(none.tools).toEqual([]);
    expect(Object.isFrozen(none.tools)).toBe(true);
  });
});

describe('RunResult.responses', () => {
  it("holds what the server sent, its echoed tools being the agent's definitions", async () => {
    const { server, client } = await startHarness();
    const { tools: agentTools } = countingTools();
    const agent: Agent = {
      name: 'weather',
      model: 'mimo-v2.6-pro',
      instructions: 'Be brief.',
      tools: agentTools,
    };
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }]);
    server.reply.text('15 °C.');
    const result = await run({ client, agent, input: 'Weather in Paris?' });
    expect(result.responses).toHaveLength(2);
    for (const [index, response] of result.responses.entries()) {
      const echoed = response as Echoed;
      const body = server.calls[index]?.body as { tools: unknown; instructions: string };
      // The same content the server echoed: the request's tools and instructions.
      expect(JSON.parse(JSON.stringify(echoed.tools))).toEqual(body.tools);
      expect(echoed.instructions).toBe(body.instructions);
      expect((echoed.tools as unknown[])[0]).toBe(agentTools[0]?.definition);
      expect(Object.isFrozen(echoed.tools)).toBe(true);
    }
    expect(result.responses[0]?.id).toBe(result.turns[0]?.responseId);
  });
});
