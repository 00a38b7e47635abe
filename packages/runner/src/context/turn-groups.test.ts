import { type InputItem, validateHistory } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-tokens.js';
import { selectGroups, withoutGroups } from './select-groups.js';
import { turnGroups } from './turn-groups.js';

const reasoning = (id: string): InputItem => ({
  type: 'reasoning',
  id,
  content: [{ type: 'reasoning_text', text: 'think' }],
});
const call = (id: string): InputItem => ({ type: 'function_call', call_id: id, name: 'f', arguments: '{}' });
const output = (id: string): InputItem => ({
  type: 'function_call_output',
  call_id: id,
  output: 'x'.repeat(400),
});

// system, first user | rs c1 c2 o1 o2 | rs c3 o3 | answer | user rs c4 o4 | answer
const history: InputItem[] = [
  { role: 'system', content: 'rules' },
  { role: 'user', content: 'first' },
  reasoning('rs_1'),
  call('c1'),
  call('c2'),
  output('c1'),
  output('c2'),
  reasoning('rs_2'),
  call('c3'),
  output('c3'),
  { role: 'assistant', content: [{ type: 'output_text', text: 'done' }] },
  { role: 'user', content: 'second' },
  reasoning('rs_3'),
  call('c4'),
  output('c4'),
  { role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
];

describe('turnGroups', () => {
  it('keeps the head to the first user message and cuts only where no call is open and no reasoning dangles', () => {
    validateHistory(history);
    const layout = turnGroups(history);
    expect(layout.head).toBe(2);
    expect(layout.groups).toEqual([
      { start: 2, end: 7 },
      { start: 7, end: 10 },
      { start: 10, end: 11 },
      { start: 11, end: 15 },
      { start: 15, end: 16 },
    ]);
  });

  it('any choice of whole groups leaves a valid history; the last group and pinned groups are never chosen', () => {
    const layout = turnGroups(history);
    const all = selectGroups(history, layout, Number.POSITIVE_INFINITY, undefined);
    expect(all.groups).toEqual(layout.groups.slice(0, -1));
    validateHistory(withoutGroups(history, all.groups));
    const pinned = selectGroups(
      history,
      layout,
      Number.POSITIVE_INFINITY,
      (item) => 'call_id' in item && item.call_id === 'c3',
    );
    expect(pinned.groups).toEqual([layout.groups[0], layout.groups[2], layout.groups[3]]);
    const summary: InputItem = { role: 'user', content: 'summary' };
    const cut = withoutGroups(history, pinned.groups, summary);
    validateHistory(cut);
    expect(cut.slice(0, 4)).toEqual([history[0], history[1], summary, history[7]]);
    // Only as many groups as the excess needs, oldest first.
    expect(selectGroups(history, layout, 1, undefined).groups).toEqual([layout.groups[0]]);
  });
});

describe('estimateTokens', () => {
  it('counts ASCII at four characters a token and other characters at one each', () => {
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens({ a: 1 })).toBe(Math.ceil('{"a":1}'.length / 4));
  });
});
