import type { Response, ResponseRequest } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { AssembledTurn } from '../turn/turn-assembler.js';
import { shareToolNames } from './share-tool-names.js';

/** A turn as the assembler leaves it, its strings parsed from JSON (not the literals of this file). */
function parsedTurn(): AssembledTurn {
  const response = JSON.parse(
    JSON.stringify({
      id: 'resp_1',
      object: 'response',
      created_at: 1,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'mimo-v2.6-pro',
      output: [
        { type: 'message', id: 'm1', status: 'completed', role: 'assistant', content: [] },
        {
          type: 'function_call',
          id: 'fc_1',
          status: 'completed',
          call_id: 'c1',
          name: 'lookup_price',
          arguments: '{}',
        },
        {
          type: 'function_call',
          id: 'fc_2',
          status: 'completed',
          call_id: 'c2',
          name: 'not_declared',
          arguments: '{}',
        },
      ],
    }),
  ) as Response;
  const calls = response.output.flatMap((item, outputIndex) =>
    item.type === 'function_call'
      ? [
          {
            itemId: item.id,
            outputIndex,
            callId: item.call_id,
            name: item.name,
            arguments: item.arguments,
            done: true,
          },
        ]
      : [],
  );
  return {
    response,
    status: 'completed',
    items: response.output.map((item) => ({ ...item })),
    calls,
    cutCalls: [],
    otherItems: [],
  };
}

const request: ResponseRequest = {
  model: 'mimo-v2.6-pro',
  input: 'go',
  tools: [
    { type: 'function', name: 'check_stock', parameters: {} },
    { type: 'function', name: 'lookup_price', parameters: {} },
  ],
};

describe('shareToolNames', () => {
  it('leaves every name, type and other field as it was (only which string holds it changes)', () => {
    const turn = parsedTurn();
    const before = JSON.stringify(turn);
    shareToolNames(turn, request);
    expect(JSON.stringify(turn)).toBe(before);
    expect(turn.calls.map((call) => call.name)).toEqual(['lookup_price', 'not_declared']);
    expect(turn.response.output.map((item) => item.type)).toEqual([
      'message',
      'function_call',
      'function_call',
    ]);
  });

  it('works without declared tools (a request with tool_choice none, or none at all)', () => {
    const turn = parsedTurn();
    const before = JSON.stringify(turn);
    shareToolNames(turn, { model: 'mimo-v2.6-pro', input: 'go' });
    expect(JSON.stringify(turn)).toBe(before);
  });
});
