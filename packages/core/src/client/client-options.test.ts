import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { type ClientOptions, resolveClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

function configError(
  options: ClientOptions,
  env: Record<string, string | undefined> = { MIMO_API_KEY: 'sk-x' },
): ConfigError {
  try {
    resolveClientOptions(options, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveClientOptions', () => {
  it('reads MIMO_API_KEY and MIMO_BASE_URL, with generous defaults', () => {
    const resolved = resolveClientOptions(
      {},
      { MIMO_API_KEY: 'sk-env', MIMO_BASE_URL: 'https://token-plan-sgp.xiaomimimo.com/v1/' },
    );
    expect(resolved.apiKey).toBe('sk-env');
    expect(resolved.baseURL).toBe('https://token-plan-sgp.xiaomimimo.com/v1');
    expect(resolved.authHeader).toBe('api-key');
    expect(resolved.timeouts.firstByteMs).toBe(600_000);
    expect(resolved.timeouts.idleMs).toBe(480_000);
    expect(resolved.timeouts.drainMs).toBe(250);
    expect(resolved.requestsPerMinute).toBe(100);
  });

  it('takes timeouts.drainMs 0 (drop the connection at the terminal event)', () => {
    expect(resolveClientOptions({ apiKey: 'sk-a', timeouts: { drainMs: 0 } }, {}).timeouts.drainMs).toBe(0);
  });

  it('defaults the base URL to MiMo', () => {
    expect(resolveClientOptions({ apiKey: 'sk-a' }, {}).baseURL).toBe('https://api.xiaomimimo.com/v1');
  });

  it('names the field and the fix for a missing key', () => {
    const error = configError({}, {});
    expect(error.field).toBe('apiKey');
    expect(error.message).toContain('MIMO_API_KEY');
    expect(error.message).toContain('Fix:');
  });

  it.each<[ClientOptions, string]>([
    [{ baseURL: 'not a url' }, 'baseURL'],
    [{ baseURL: 'ftp://x/v1' }, 'baseURL'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxConcurrency: 0 }, 'maxConcurrency'],
    [{ requestsPerMinute: 1.5 }, 'requestsPerMinute'],
    [{ timeouts: { idleMs: 0 } }, 'timeouts.idleMs'],
    [{ timeouts: { drainMs: -1 } }, 'timeouts.drainMs'],
    [{ headers: { Authorization: 'Bearer x' } }, 'headers.Authorization'],
    [{ apiKey: 'sk x' }, 'apiKey'],
    [{ authHeader: 'basic' as 'bearer' }, 'authHeader'],
  ])('refuses %o naming %s', (options, field) => {
    expect(configError(options).field).toBe(field);
  });

  // Values a JavaScript caller (or a bad config file) can pass despite the types.
  const wrongTypes: [string, Record<string, unknown>][] = [
    ['apiKey', { apiKey: 12345 }],
    ['apiKey', { apiKey: { key: 'sk-a' } }],
    ['apiKey', { apiKey: null }],
    ['baseURL', { baseURL: 42 }],
    ['maxRetries', { maxRetries: '3' }],
    ['maxRetries', { maxRetries: Number.NaN }],
    ['maxConcurrency', { maxConcurrency: Number.POSITIVE_INFINITY }],
    ['requestsPerMinute', { requestsPerMinute: '100' }],
    ['timeouts', { timeouts: 5000 }],
    ['timeouts.firstByteMs', { timeouts: { firstByteMs: '600000' } }],
    ['timeouts.totalMs', { timeouts: { totalMs: Number.NaN } }],
    ['retry', { retry: 'fast' }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: -1 } }],
    ['retry.maxRetryAfterMs', { retry: { maxRetryAfterMs: 1.5 } }],
    ['headers', { headers: 'x-trace: 1' }],
    ['headers.x-trace', { headers: { 'x-trace': 1 } }],
    ['logger', { logger: 'loud' }],
    ['logger', { logger: { info: 1 } }],
    ['dispatcher', { dispatcher: {} }],
  ];
  it.each(wrongTypes)('refuses a wrong type as a ConfigError naming %s', (field, options) => {
    const error = configError(options as ClientOptions);
    expect(error.field).toBe(field);
    expect(error.message).toContain('Fix:');
  });

  it('never quotes a non-string apiKey in its message', () => {
    const error = configError({ apiKey: { key: 'sk-should-not-appear-1234' } } as unknown as ClientOptions);
    expect(error.message).not.toContain('should-not-appear');
  });

  it('accepts Infinity for requestsPerMinute', () => {
    expect(
      resolveClientOptions({ apiKey: 'sk-a', requestsPerMinute: Number.POSITIVE_INFINITY }, {})
        .requestsPerMinute,
    ).toBe(Number.POSITIVE_INFINITY);
  });

  it('createClient throws at creation, not at the first request', () => {
    expect(() => createClient({ apiKey: 'sk-a', timeouts: { totalMs: -5 } })).toThrow(ConfigError);
  });
});

describe('model table and retryable-400 options', () => {
  it('defaults the outage patterns and the V2.6 table, and checks both', () => {
    const resolved = resolveClientOptions({}, { MIMO_API_KEY: 'sk-x' });
    expect(resolved.retryable400Patterns).toEqual([
      'finishConnect(',
      'Connection refused',
      'Upstream request failed',
    ]);
    expect(resolved.models.get('mimo-v2.6-pro')?.contextWindow).toBe(1_048_576);
    const bad = [
      [{ retry: { retryable400Patterns: 'Upstream' } }, 'retry.retryable400Patterns'],
      [{ retry: { retryable400Patterns: [''] } }, 'retry.retryable400Patterns'],
      [{ models: { 'my-model': { maxOutputTokens: -1 } } }, 'models["my-model"].maxOutputTokens'],
      [{ retiredModels: { 'old-model': {} } }, 'retiredModels["old-model"]'],
    ] as const;
    for (const [options, field] of bad) {
      expect(configError(options as unknown as ClientOptions).field).toBe(field);
    }
  });
});
