import { describe, expect, it } from 'vitest';
import type { TurnRecord } from './run-result.js';
import { hasToolCall, shouldStop, stepCountIs } from './stop-conditions.js';
import { emptyUsage } from './usage.js';

const turn = (n: number, names: string[]): TurnRecord => ({
  turn: n,
  responseId: `resp_${n}`,
  status: 'completed',
  text: '',
  toolCalls: names.map((name, i) => ({ callId: `c${n}_${i}`, name, arguments: '{}' })),
  usage: emptyUsage(),
  durationMs: 1,
  retries: 0,
});

describe('stop conditions', () => {
  it('stepCountIs(n) holds from the n-th turn on', () => {
    const turns = [turn(1, ['a']), turn(2, ['b'])];
    expect(stepCountIs(3)({ turns, lastTurn: turns[1]!, usage: emptyUsage() })).toBe(false);
    expect(stepCountIs(2)({ turns, lastTurn: turns[1]!, usage: emptyUsage() })).toBe(true);
  });

  it('hasToolCall(name) looks at the last turn only', () => {
    const turns = [turn(1, ['submit']), turn(2, ['search'])];
    expect(hasToolCall('submit')({ turns, lastTurn: turns[1]!, usage: emptyUsage() })).toBe(false);
    expect(hasToolCall('search')({ turns, lastTurn: turns[1]!, usage: emptyUsage() })).toBe(true);
  });

  it('shouldStop accepts one condition, a list, async predicates, or none', async () => {
    const turns = [turn(1, ['a'])];
    const input = { turns, lastTurn: turns[0]!, usage: emptyUsage() };
    expect(await shouldStop(undefined, input)).toBe(false);
    expect(await shouldStop(hasToolCall('a'), input)).toBe(true);
    expect(await shouldStop([stepCountIs(5), async () => true], input)).toBe(true);
    expect(await shouldStop([stepCountIs(5), hasToolCall('b')], input)).toBe(false);
  });
});
