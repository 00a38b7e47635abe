import type { OutputItem } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import { messageText, toReplayItems } from './replay-item.js';

const reasoning: OutputItem = {
  type: 'reasoning',
  id: 'rs_1',
  status: 'completed',
  summary: [{ type: 'summary_text', text: 'should never be replayed' }],
  content: [{ type: 'reasoning_text', text: 'Need the weather.' }],
};
const call: OutputItem = {
  type: 'function_call',
  id: 'fc_1',
  status: 'completed',
  call_id: 'call_a',
  name: 'get_weather',
  arguments: '{"city":"Paris"}',
};
const message: OutputItem = {
  type: 'message',
  id: 'msg_1',
  status: 'completed',
  role: 'assistant',
  content: [
    { type: 'output_text', text: 'Sunny, ', annotations: [] },
    { type: 'output_text', text: '18 °C.', annotations: [] },
  ],
};

describe('toReplayItems', () => {
  it('replays reasoning without summary, calls without ids, messages as output_text', () => {
    expect(toReplayItems([reasoning, call, message])).toEqual([
      {
        type: 'reasoning',
        id: 'rs_1',
        status: 'completed',
        content: [{ type: 'reasoning_text', text: 'Need the weather.' }],
      },
      { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      {
        role: 'assistant',
        content: [
          { type: 'output_text', text: 'Sunny, ' },
          { type: 'output_text', text: '18 °C.' },
        ],
      },
    ]);
  });

  it('drops a trailing reasoning item that has nothing to be glued to', () => {
    expect(toReplayItems([message, reasoning])).toHaveLength(1);
  });

  it('joins the text of message parts', () => {
    expect(messageText([reasoning, call, message])).toBe('Sunny, 18 °C.');
  });
});
