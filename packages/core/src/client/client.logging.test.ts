import { Writable } from 'node:stream';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';

let server: TestServer;
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== ''),
    );
    done();
  },
});

beforeEach(async () => {
  lines.length = 0;
  server = await startTestServer({ strict: true });
});

afterEach(async () => {
  await server.close();
});

describe('logging', () => {
  it('logs one line per request sent, retry and response done, with usage and request id', async () => {
    const client = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      logger: pino({ level: 'info' }, sink),
      retry: { baseDelayMs: 1 },
    });
    server.reply.error(500).text('ok');
    await client.create({ model: 'mimo-v2.6-pro', input: 'Hi' });
    await client.close();
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.msg)).toEqual([
      'mimo request sent',
      'mimo request retry',
      'mimo request sent',
      'mimo response done',
    ]);
    const done = records[3];
    expect(done).toMatchObject({ status: 200, attempt: 2, requestId: 'req_2' });
    expect(done?.usage).toMatchObject({ total_tokens: expect.any(Number) });
    expect(records[1]).toMatchObject({ reason: 'http 500', attempt: 2 });
  });

  it('is silent by default', async () => {
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    expect(client.logger.level).toBe('silent');
    await client.close();
  });

  it('no log line and no error message contains the API key', async () => {
    const secret = 'sk-super-secret-key-1234567890';
    const keyed = await startTestServer({ strict: true, apiKey: secret });
    const client = createClient({
      baseURL: keyed.url,
      apiKey: secret,
      logger: pino({ level: 'trace' }, sink),
      retry: { baseDelayMs: 1 },
    });
    const wrong = createClient({
      baseURL: keyed.url,
      apiKey: `${secret}-wrong`,
      logger: pino({ level: 'trace' }, sink),
    });
    keyed.reply
      .error(500, { error: { code: '500', message: `echo ${secret}`, param: `Bearer ${secret}`, type: '' } })
      .error(500, { error: { code: '500', message: `api-key: ${secret}`, type: '' } })
      .error(500)
      .text('ok')
      .fault({ type: 'malformed-frame', afterEvents: 1 });
    const errors: unknown[] = [];
    await client
      .create({ model: 'mimo-v2.6-pro', input: 'Hi' })
      .catch((error: unknown) => errors.push(error));
    await client.create({ model: 'mimo-v2.6-pro', input: 'Hi' });
    await client
      .stream({ model: 'mimo-v2.6-pro', input: 'Hi' })
      .finalResponse()
      .catch((error: unknown) => errors.push(error));
    await wrong.create({ model: 'mimo-v2.6-pro', input: 'Hi' }).catch((error: unknown) => errors.push(error));
    await client.close();
    await wrong.close();
    await keyed.close();
    expect(errors).toHaveLength(3);
    expect(keyed.calls.some((call) => call.error?.error.message.includes(secret))).toBe(true);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line).not.toContain(secret);
    for (const error of errors) {
      expect(String(error)).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
      expect((error as Error).stack).not.toContain(secret);
    }
  });
});
