import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.js';

describe('closestName', () => {
  const names = ['maxRetries', 'timeouts', 'baseURL', 'apiKey', 'maxConcurrency'];

  it('finds a misspelt, truncated or snake_cased name', () => {
    expect(closestName('maxRetry', names)).toBe('maxRetries');
    expect(closestName('max_retries', names)).toBe('maxRetries');
    expect(closestName('baseUrl', names)).toBe('baseURL');
    expect(closestName('timeout', names)).toBe('timeouts');
    expect(closestName('apikey', names)).toBe('apiKey');
  });

  it('suggests nothing for an unrelated name', () => {
    expect(closestName('model', names)).toBeUndefined();
    expect(closestName('x', names)).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});
