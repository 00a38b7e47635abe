import { Writable } from 'node:stream';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { createClient, type MimoClient } from './create-client.js';

// Deliberately not key-shaped (no sk-/tp- prefix, no "Bearer"): only the client's own key list can catch it.
const secret = 'Zq9plainSecretValue77x';
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  lines.length = 0;
  server = await startTestServer({ strict: true, apiKey: secret });
  client = createClient({
    baseURL: server.url,
    apiKey: secret,
    authHeader: 'bearer',
    logger: pino({ level: 'trace' }, sink),
    retry: { baseDelayMs: 1 },
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

/** Every way an error can be printed or shipped. */
function renderings(error: unknown): string[] {
  const api = error as ApiError;
  return [
    JSON.stringify(error),
    String(error),
    api.stack ?? '',
    api.message,
    api.param ?? '',
    api.serverMessage ?? '',
    api.serverType ?? '',
    api.serverCode ?? '',
  ];
}

describe('the API key never leaves', () => {
  it('a 400 whose message, param and type echo the key and an authorization header', async () => {
    server.reply.error(400, {
      error: {
        code: '400',
        message: `Invalid key ${secret}`,
        param: `authorization: Bearer ${secret}; api-key=${secret}; raw ${secret}`,
        type: `t-${secret}`,
      },
    });
    const error = await client.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).retryable).toBe(false);
    expect(server.calls).toHaveLength(1);
    // The server really echoed it: the test would be empty otherwise.
    expect(server.calls[0]?.error?.error.param).toContain(secret);
    expect((error as ApiError).param).toContain('[redacted]');
    for (const text of renderings(error)) expect(text).not.toContain(secret);
    expect(lines.some((line) => line.includes('mimo request failed'))).toBe(true);
    for (const line of lines) expect(line).not.toContain(secret);
  });

  it('a streamed response.failed carrying the key: events, error and logs are clean', async () => {
    server.reply.text('partial', {
      fault: { type: 'failed', code: 'server_error', message: `upstream said ${secret}` },
    });
    const stream = client.stream(request);
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const error = await stream.finalResponse().catch((caught: unknown) => caught);
    expect(server.calls[0]?.faults.map((fault) => fault.type)).toEqual(['failed']);
    expect(events.at(-1)?.type).toBe('response.failed');
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).serverMessage).toBe('upstream said [redacted]');
    for (const text of renderings(error)) expect(text).not.toContain(secret);
    expect(JSON.stringify(events)).not.toContain(secret);
    for (const line of lines) expect(line).not.toContain(secret);
  });

  it("the logger's serializers redact an error the client did not create", () => {
    const foreign = new Error(`boom ${secret}`, { cause: new Error(`inner ${secret}`) });
    Object.assign(foreign, { detail: { text: `field ${secret}` } });
    client.logger.error({ err: foreign, headers: { authorization: `Bearer ${secret}` } }, 'user line');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('user line');
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).not.toContain(secret);
  });
});
