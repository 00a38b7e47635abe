import type { InputItem, Response } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { toReplayItems } from '../history/replay-item.js';
import { run } from '../run.js';
import { countingTools } from '../test-support/counting-tools.js';
import { startHarness } from '../test-support/harness.js';
import { expandResponses, keepResponse } from './kept-response.js';

/** The one response a log entry stands for. */
function expandResponse(entry: unknown[]): Response {
  const [response, ...more] = expandResponses(entry);
  expect(more).toEqual([]);
  return response as Response;
}

/** A response as parsed from the wire (two calls, usage with details), with `overrides` merged in. */
function parsed(overrides: Record<string, unknown> = {}, id = 'resp_1'): Response {
  return JSON.parse(
    JSON.stringify({
      id,
      object: 'response',
      created_at: 1_760_000_000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'mimo-v2.6-pro',
      output: [
        {
          type: 'function_call',
          id: `fc_${id}_a`,
          status: 'completed',
          call_id: `c_${id}_a`,
          name: 'a',
          arguments: '{}',
        },
        {
          type: 'function_call',
          id: `fc_${id}_b`,
          status: 'completed',
          call_id: `c_${id}_b`,
          name: 'b',
          arguments: '{"x":1}',
        },
      ],
      output_text: '',
      usage: {
        input_tokens: 120,
        input_tokens_details: { cached_tokens: 64 },
        output_tokens: 30,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 150,
      },
      temperature: null,
      ...overrides,
    }),
  ) as Response;
}

/** Keeps `response` as a run does. */
function keep(response: Response): { kept: unknown[] } {
  return { kept: keepResponse(response) };
}

describe('keepResponse / expandResponse', () => {
  it('keeps a tool turn compact and gives back the same keys, order and values, as a new plain object', () => {
    const response = parsed();
    const json = JSON.stringify(response);
    const { kept } = keep(response);
    expect(kept).not.toEqual([response]);
    const again = expandResponse(kept);
    expect(JSON.stringify(again)).toBe(json);
    expect(again).toStrictEqual(JSON.parse(json));
    expect(expandResponse(kept)).not.toBe(again);
    // Responses of the same layout share one shape and keep only their own values.
    const other = parsed({}, 'resp_2');
    const second = keep(other).kept;
    expect(second[0]).toBe(kept[0]);
    expect(JSON.stringify(expandResponse(second))).toBe(JSON.stringify(other));
  });

  it('gives back unusual layouts exactly: other usage, a call not completed, a different status, -0, a message', () => {
    const cases: Response[] = [
      parsed({ usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } }),
      parsed({
        usage: {
          input_tokens: 1,
          input_tokens_details: { cached_tokens: 0, extra: 1 },
          output_tokens: 2,
          output_tokens_details: { reasoning_tokens: 1 },
          total_tokens: 3,
        },
      }),
      parsed({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }),
      parsed({
        output: [
          {
            type: 'function_call',
            id: 'fc_x',
            status: 'incomplete',
            call_id: 'c_x',
            name: 'a',
            arguments: '{',
          },
        ],
      }),
      parsed({
        output: [
          {
            type: 'function_call',
            call_id: 'c_y',
            id: 'fc_y',
            status: 'completed',
            name: 'a',
            arguments: '{}',
          },
        ],
      }),
      parsed({
        output: [
          {
            type: 'message',
            id: 'msg_1',
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Hi.', annotations: [] }],
          },
        ],
        output_text: 'Hi.',
      }),
      parsed({ metadata: { user: 'u1' }, service_tier: 'default' }),
    ];
    for (const response of cases) {
      const json = JSON.stringify(response);
      const again = expandResponse(keep(response).kept);
      expect(JSON.stringify(again)).toBe(json);
      expect(again).toStrictEqual(JSON.parse(json));
    }
    const zero = parsed({ temperature: 0 });
    const negative = JSON.parse(
      JSON.stringify(parsed()).replace('"temperature":null', '"temperature":-0'),
    ) as Response;
    expect(
      Object.is((expandResponse(keep(zero).kept) as unknown as { temperature: number }).temperature, 0),
    ).toBe(true);
    expect(
      Object.is((expandResponse(keep(negative).kept) as unknown as { temperature: number }).temperature, -0),
    ).toBe(true);
  });

  it('keeps a response it cannot rebuild as it is (frozen, a "__proto__" key)', () => {
    const frozen = Object.freeze(parsed());
    expect(keep(frozen).kept).toEqual([frozen]);
    expect(keep(frozen).kept[0]).toBe(frozen);
    const proto = JSON.parse(JSON.stringify(parsed()).replace('"temperature"', '"__proto__"')) as Response;
    expect(keep(proto).kept[0]).toBe(proto);
  });

  it('reads a log of several turns back in order, compact entries and responses kept as they came', () => {
    const responses = [
      parsed({}, 'r1'),
      Object.freeze(parsed({}, 'r2')),
      parsed({ output: [] }, 'r3'),
      parsed({}, 'r4'),
    ];
    const json = responses.map((response) => JSON.stringify(response));
    let log: unknown[] = [];
    for (const response of responses) log = log.concat(keep(response).kept);
    expect(expandResponses(log).map((response) => JSON.stringify(response))).toEqual(json);
    expect(expandResponses(log)[1]).toBe(responses[1]);
  });

  it('does not follow the history: a replay item changed in place leaves the kept response as the server sent it', () => {
    const response = parsed();
    const json = JSON.stringify(response);
    const history: InputItem[] = toReplayItems(response.output);
    const { kept } = keep(response);
    (history[1] as { arguments: string }).arguments = '{"x":2}';
    expect(JSON.stringify(expandResponse(kept))).toBe(json);
  });

  it('shares no per-run value: other instructions and tools share the shape; past 32 layouts the oldest is forgotten', () => {
    const agentA = parsed({ instructions: 'Tenant A.', tools: Object.freeze([{ name: 'a' }]) }, 'ra');
    const agentB = parsed({ instructions: 'Tenant B.', tools: Object.freeze([{ name: 'b' }]) }, 'rb');
    const a = keep(agentA).kept;
    const b = keep(agentB).kept;
    expect(b[0]).toBe(a[0]);
    expect(JSON.stringify(expandResponse(b))).toBe(JSON.stringify(agentB));
    const layouts = Array.from({ length: 40 }, (_, i) => parsed({ [`extra_${i}`]: i }, `rl${i}`));
    const entries = layouts.map((response) => keep(response).kept);
    for (const [i, entry] of entries.entries()) {
      expect(entry).not.toEqual([layouts[i]]);
      expect(JSON.stringify(expandResponse(entry))).toBe(JSON.stringify(layouts[i]));
    }
    // A new layout after all of those is still kept compact.
    const fresh = parsed({ service_tier: 'flex', instructions: 'Tenant C.' }, 'rc');
    expect(keep(fresh).kept).not.toEqual([fresh]);
    expect(JSON.stringify(expandResponse(keep(fresh).kept))).toBe(JSON.stringify(fresh));
  });
});

describe('RunResult.responses', () => {
  it('holds exactly the responses the server sent, tool turns and the answer', async () => {
    const { server, client } = await startHarness();
    const { tools } = countingTools();
    const agent: Agent = { name: 'weather', model: 'mimo-v2.6-pro', instructions: 'Be brief.', tools };
    server.reply.functionCalls([
      { name: 'get_weather', arguments: { city: 'Paris' } },
      { name: 'get_weather', arguments: { city: 'Rome' } },
    ]);
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Oslo' } }]);
    server.reply.text('15 °C, 20 °C and 5 °C.');
    const result = await run({ client, agent, input: 'Weather in Paris, Rome and Oslo?' });
    expect(result.responses).toHaveLength(3);
    for (const [index, response] of result.responses.entries()) {
      const sent = server.calls[index]?.response;
      expect(sent).toBeDefined();
      expect(JSON.stringify(response)).toBe(JSON.stringify(sent));
    }
    expect(result.responses.map((response) => response.id)).toEqual(
      result.turns.map((turn) => turn.responseId),
    );
  });
});
