import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '50', 'retry-after': '9' })).toBe(50);
  });

  it('reads seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '2' })).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': '0.5' })).toBe(500);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('Wed, 25 Nov 2026 10:00:00 GMT');
    expect(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 10:00:03 GMT' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 09:00:00 GMT' }, now)).toBe(0);
  });

  it('ignores missing or garbage values', () => {
    expect(parseRetryAfter({})).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': '-5' })).toBeUndefined();
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter({ 'retry-after': ['1', '7'] })).toBe(1000);
  });
});
