import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { ApiError } from '../errors/api-error.js';
import { ConfigError } from '../errors/config-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { createRetryPolicy } from './retry-policy.js';

describe('createRetryPolicy', () => {
  const policy = createRetryPolicy({ maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });

  it('retries 408, 409, 429, 5xx and connection errors; never 400/401/402/403/404/421/422', () => {
    for (const status of [408, 409, 429, 500, 503])
      expect(policy.isRetryable(new ApiError({ status, message: 'x' }))).toBe(true);
    for (const status of [400, 401, 402, 403, 404, 421, 422]) {
      expect(policy.isRetryable(new ApiError({ status, message: 'x' }))).toBe(false);
    }
    expect(policy.isRetryable(new ConnectionError({ message: 'reset' }))).toBe(true);
    expect(policy.isRetryable(new AbortError())).toBe(false);
    expect(policy.isRetryable(new ConfigError({ field: 'apiKey', problem: 'x', fix: 'y' }))).toBe(false);
    expect(policy.isRetryable(new Error('plain'))).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    const error = new ConnectionError({ message: 'x' });
    expect(policy.delayMs(1, error)).toBe(50);
    expect(policy.delayMs(2, error)).toBe(100);
    expect(policy.delayMs(3, error)).toBe(200);
    expect(policy.delayMs(10, error)).toBe(500);
  });

  it("honours the server's retry-after as given, beyond maxDelayMs", () => {
    expect(policy.delayMs(1, new RateLimitError({ status: 429, retryAfterMs: 750, message: 'x' }))).toBe(750);
    // maxDelayMs (1000 here) bounds only our own backoff, never a wait the server named.
    const minute = new RateLimitError({ status: 429, retryAfterMs: 60_000, message: 'x' });
    expect(policy.isRetryable(minute)).toBe(true);
    expect(policy.delayMs(1, minute)).toBe(60_000);
  });

  it('a 429 without a named wait backs off, capped by maxDelayMs', () => {
    const bare = new RateLimitError({ status: 429, message: 'x' });
    expect(policy.isRetryable(bare)).toBe(true);
    expect(policy.delayMs(10, bare)).toBe(500);
  });

  it('gives up instead of waiting past maxRetryAfterMs (default 10 minutes)', () => {
    const hour = new RateLimitError({ status: 429, retryAfterMs: 3_600_000, message: 'x' });
    expect(policy.isRetryable(hour)).toBe(false);
    expect(policy.isRetryable(new RateLimitError({ status: 429, retryAfterMs: 600_000, message: 'x' }))).toBe(
      true,
    );
    const tight = createRetryPolicy({ maxRetryAfterMs: 5000 });
    expect(tight.isRetryable(new RateLimitError({ status: 429, retryAfterMs: 5001, message: 'x' }))).toBe(
      false,
    );
    expect(tight.isRetryable(new RateLimitError({ status: 429, retryAfterMs: 5000, message: 'x' }))).toBe(
      true,
    );
  });

  it('defaults to 2 retries', () => {
    expect(createRetryPolicy().maxRetries).toBe(2);
  });
});
