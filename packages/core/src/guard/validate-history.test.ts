import { describe, expect, it } from 'vitest';
import { HistoryValidationError } from '../errors/history-validation-error.js';
import type { InputItem } from '../protocol/input-items.js';
import { validateHistory } from './validate-history.js';

const user: InputItem = { role: 'user', content: 'Weather in Paris?' };
const reasoning: InputItem = {
  type: 'reasoning',
  id: 'rs_1',
  content: [{ type: 'reasoning_text', text: 'hm' }],
};
const call = (id: string): InputItem => ({
  type: 'function_call',
  call_id: id,
  name: 'get_weather',
  arguments: '{}',
});
const output = (id: string): InputItem => ({ type: 'function_call_output', call_id: id, output: '{"t":1}' });

function failure(items: unknown[]): HistoryValidationError {
  try {
    validateHistory(items as InputItem[]);
  } catch (error) {
    if (error instanceof HistoryValidationError) return error;
    throw error;
  }
  throw new Error('expected a HistoryValidationError');
}

describe('validateHistory', () => {
  it('accepts input, reasoning glued to calls, one output per call, then an answer', () => {
    expect(() =>
      validateHistory([
        user,
        reasoning,
        call('a'),
        call('b'),
        output('a'),
        output('b'),
        { role: 'assistant', content: [{ type: 'output_text', text: 'Sunny.' }] },
      ]),
    ).not.toThrow();
  });

  it('accepts a tool turn without reasoning (valid on MiMo)', () => {
    expect(() => validateHistory([user, call('a'), output('a')])).not.toThrow();
  });

  it('accepts image and audio parts in a message', () => {
    const media: InputItem = {
      role: 'user',
      content: [
        { type: 'input_text', text: 'What is in the photo and the recording?' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
        { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF', format: 'wav' } },
      ],
    };
    expect(() => validateHistory([media])).not.toThrow();
    expect(failure([{ role: 'user', content: [{ type: 'input_video', url: 'x' }] }]).message).toContain(
      'input_image or input_audio parts',
    );
  });

  const cases: [string, unknown[], number, RegExp][] = [
    ['a call without its output', [user, call('a')], 1, /no function_call_output/],
    ['an output without its call', [user, output('x')], 1, /has no function_call before it/],
    [
      'two outputs for one call',
      [user, call('a'), output('a'), output('a')],
      3,
      /second function_call_output/,
    ],
    ['a repeated call_id', [user, call('a'), call('a'), output('a')], 2, /repeats the call at index 1/],
    // The check keeps one map (a call's index, or a mark once answered): an answered call still counts.
    [
      'a call_id repeated after its output',
      [user, call('a'), output('a'), call('a'), output('a')],
      3,
      /repeats the call at index 1/,
    ],
    [
      'a third output after two calls were answered',
      [call('a'), call('b'), output('b'), output('a'), output('b')],
      4,
      /second function_call_output/,
    ],
    [
      'one call left unanswered among answered ones',
      [user, call('a'), call('b'), call('c'), output('c'), output('a')],
      2,
      /"b" has no function_call_output/,
    ],
    ['reasoning with summary', [user, { ...reasoning, summary: [] }, call('a'), output('a')], 1, /summary/],
    [
      'reasoning without id',
      [user, { type: 'reasoning', content: [] }, call('a'), output('a')],
      1,
      /id is missing/,
    ],
    ['reasoning followed by nothing', [user, reasoning], 1, /not followed/],
    ['reasoning followed by a user message', [user, reasoning, user], 1, /not followed/],
    [
      'a non-string output',
      [user, call('a'), { type: 'function_call_output', call_id: 'a', output: {} }],
      2,
      /not a string/,
    ],
    [
      'non-string arguments',
      [user, { type: 'function_call', call_id: 'a', name: 'f', arguments: {} }],
      1,
      /arguments/,
    ],
    ['an unknown item type', [user, { type: 'web_search_call' }], 1, /unknown item type/],
    ['a bad role', [{ role: 'tool', content: 'x' }], 0, /role/],
    ['a bad content part', [{ role: 'user', content: [{ type: 'image', url: 'x' }] }], 0, /unknown type/],
  ];
  it.each(cases)('refuses %s, naming the item index', (_name, items, index, reason) => {
    const error = failure(items);
    expect(error.index).toBe(index);
    expect(error.code).toBe('history_invalid');
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(`index ${index}`);
    expect(error.message).toMatch(/Fix: /);
  });
});
