import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { ResponseStreamEvent } from '../protocol/stream-events.js';
import { createClient, type MimoClient } from './create-client.js';

let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey, retry: { baseDelayMs: 1 } });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe('terminal outcomes', () => {
  it('response.incomplete ends the stream and resolves the final response', async () => {
    server.reply.incomplete({ partialText: 'cut', reason: 'max_output_tokens' });
    const stream = client.stream(request);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.incomplete');
    const final = await stream.finalResponse();
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details?.reason).toBe('max_output_tokens');
  });

  it('response.failed is yielded, then finalResponse rejects with the server reason', async () => {
    server.reply.fault({ type: 'failed', code: 'server_error', message: 'model crashed' });
    const stream = client.stream(request);
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.at(-1)?.type).toBe('response.failed');
    const error = await stream.finalResponse().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('model crashed');
    expect(server.calls[0]?.faults[0]?.type).toBe('failed');
  });

  it('create() retries a body that is not JSON', async () => {
    server.reply.fault({ type: 'malformed-frame', afterEvents: 0 }).text('clean');
    const response = await client.create(request);
    expect(response.status).toBe('completed');
    expect(server.calls).toHaveLength(2);
    expect(server.calls[0]?.faults[0]?.type).toBe('malformed-frame');
  });

  it('the total deadline covers the whole call and is not retried', async () => {
    const quick = createClient({ baseURL: server.url, apiKey: server.apiKey, timeouts: { totalMs: 1_000 } });
    server.reply.fault({ type: 'stall-after-events', events: 0 });
    const error = await quick.create(request).catch((caught: unknown) => caught);
    await quick.close();
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('total');
    expect((error as TimeoutError).retryable).toBe(false);
    expect(server.calls).toHaveLength(1);
    expect((await server.callSettled(0)).clientAborted).toBe(true);
  });

  it('stream.abort() before reading sends nothing', async () => {
    const stream = client.stream(request);
    stream.abort();
    await expect(stream.finalResponse()).rejects.toMatchObject({ code: 'aborted' });
    expect(server.calls).toHaveLength(0);
  });
});
