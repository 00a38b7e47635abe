import { describe, expect, it } from 'vitest';
import { addUsage, emptyUsage, formatUsage, fromResponseUsage } from './usage.js';

describe('usage', () => {
  it('converts wire usage, with optional details defaulting to zero', () => {
    expect(fromResponseUsage({ input_tokens: 80, output_tokens: 30, total_tokens: 110 })).toEqual({
      requests: 1,
      inputTokens: 80,
      cachedTokens: 0,
      outputTokens: 30,
      reasoningTokens: 0,
      totalTokens: 110,
    });
    expect(fromResponseUsage(undefined)).toEqual(emptyUsage());
  });

  it('sums field by field and formats one line', () => {
    const a = fromResponseUsage({
      input_tokens: 1000,
      input_tokens_details: { cached_tokens: 200 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 1030,
    });
    const sum = addUsage(a, a, emptyUsage());
    expect(sum).toEqual({
      requests: 2,
      inputTokens: 2000,
      cachedTokens: 400,
      outputTokens: 60,
      reasoningTokens: 24,
      totalTokens: 2060,
    });
    expect(formatUsage(sum)).toBe('2 requests, 2,000 in (400 cached), 60 out (24 reasoning)');
  });
});
