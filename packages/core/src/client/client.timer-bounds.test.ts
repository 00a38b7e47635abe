import { startTestServer } from '@mimo-agents/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { MAX_TIMER_MS } from './client-option-checks.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

// A Node timer fires after 1 ms for a delay above 2^31 - 1 ms: such a timeout would end every
// request at once (totalMs) or spin a 1 ms timer (idleMs), so it is refused when the client is made.
const timeouts = [
  'connectMs',
  'firstByteMs',
  'idleMs',
  'eventIdleMs',
  'totalMs',
  'queueMs',
  'drainMs',
] as const;
const retry = ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const;

function thrown(options: ClientOptions): unknown {
  try {
    createClient({ apiKey: 'sk-a', ...options });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('timer bounds of the timeout and delay options', () => {
  it.each(timeouts)('refuses timeouts.%s above 2147483647 ms, naming the field and the fix', (name) => {
    const error = thrown({ timeouts: { [name]: MAX_TIMER_MS + 1 } });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(`timeouts.${name}`);
    expect((error as ConfigError).message).toContain('Fix: pass an integer from');
    expect((error as ConfigError).message).toContain('2147483647');
  });

  it.each(retry)('refuses retry.%s above 2147483647 ms', (name) => {
    const error = thrown({ retry: { [name]: 2 ** 40 } });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(`retry.${name}`);
  });

  it('still takes Infinity for timeouts.queueMs (no limit), and refuses it where it is not allowed', () => {
    expect(thrown({ timeouts: { queueMs: Number.POSITIVE_INFINITY } })).toBeUndefined();
    expect((thrown({ timeouts: { totalMs: Number.POSITIVE_INFINITY } }) as ConfigError).field).toBe(
      'timeouts.totalMs',
    );
  });

  it('a request with every timeout at the largest value succeeds over HTTP (no timer fires early)', async () => {
    const server = await startTestServer({ strict: true });
    const all = Object.fromEntries(timeouts.map((name) => [name, MAX_TIMER_MS]));
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, timeouts: all });
    try {
      server.reply.text('hello').text('again');
      const streamed = await client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' }).finalResponse();
      const created = await client.create({ model: 'mimo-v2.6-pro', input: 'Hi' });
      expect([streamed.status, created.status]).toEqual(['completed', 'completed']);
      expect(server.calls).toHaveLength(2);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
