import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

/** Plain JavaScript can pass any key; the cast stands for that. */
function create(options: Record<string, unknown>): unknown {
  try {
    return createClient({ apiKey: 'sk-test', ...options } as ClientOptions);
  } catch (error) {
    return error;
  }
}

describe('createClient() refuses unknown option keys', () => {
  it('names the misspelt key and the closest valid one', () => {
    const error = create({ maxRetry: 3 });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('maxRetry');
    expect((error as ConfigError).message).toContain('did you mean maxRetries?');
    expect((error as ConfigError).message).toContain('Fix:');
  });

  it('checks nested timeouts and retry objects', () => {
    const timeouts = create({ timeouts: { idleMS: 5 } }) as ConfigError;
    expect(timeouts).toBeInstanceOf(ConfigError);
    expect(timeouts.field).toBe('timeouts.idleMS');
    expect(timeouts.message).toContain('did you mean idleMs?');
    const retry = create({ retry: { maxDelay: 5 } }) as ConfigError;
    expect(retry.field).toBe('retry.maxDelay');
    expect(retry.message).toContain('did you mean maxDelayMs?');
  });

  it('lists the options when nothing is close', () => {
    const error = create({ banana: true }) as ConfigError;
    expect(error.field).toBe('banana');
    expect(error.message).toContain('remove it');
    expect(error.message).toContain('maxRetries');
  });

  it('accepts every documented option', async () => {
    const client = createClient({
      apiKey: 'sk-test',
      baseURL: 'http://127.0.0.1:1/v1',
      maxRetries: 1,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 3 },
      timeouts: { connectMs: 1, firstByteMs: 1, idleMs: 1, totalMs: 1 },
      maxConcurrency: 1,
      requestsPerMinute: 1,
      headers: { 'x-a': 'b' },
      logger: 'silent',
      authHeader: 'bearer',
    });
    await client.close();
  });
});
