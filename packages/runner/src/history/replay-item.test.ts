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

  it('replays a reasoning item without content (only summary / encrypted_content) by its id', () => {
    const bare = { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'opaque' } as OutputItem;
    expect(toReplayItems([bare, call])[0]).toEqual({ type: 'reasoning', id: 'rs_2' });
  });

  it('leaves out an item of a type it does not know, and message parts that are not output_text', () => {
    const search = { type: 'web_search_call', id: 'ws_1', status: 'completed' } as unknown as OutputItem;
    const refusal = {
      ...message,
      content: [{ type: 'refusal', refusal: 'No.' }, ...(message.type === 'message' ? message.content : [])],
    } as OutputItem;
    expect(toReplayItems([search, refusal])).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'output_text', text: 'Sunny, ' },
          { type: 'output_text', text: '18 °C.' },
        ],
      },
    ]);
    expect(messageText([search, refusal])).toBe('Sunny, 18 °C.');
  });
});
