import { createServer } from 'node:net';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { RequestValidationError } from '../errors/request-validation-error.js';
import { UnsupportedParameterError } from '../errors/unsupported-parameter-error.js';
import type { ResponseRequest } from '../protocol/request.js';
import { createClient, type MimoClient } from './create-client.js';

let server: TestServer;
let client: MimoClient;
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;
const paramText = 'The reasoning_content in the thinking mode must be passed back to the API.';
const mimo400 = { error: { code: '400', message: 'Param Incorrect', param: paramText, type: '' } };

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  client = createClient({ baseURL: server.url, apiKey: server.apiKey, retry: { baseDelayMs: 1 } });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe('errors over HTTP', () => {
  it("a 400 with MiMo's body: the message shows the param text", async () => {
    server.reply.error(400, mimo400);
    const error = await client.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    const api = error as ApiError;
    expect(api.status).toBe(400);
    expect(api.message).toContain(paramText);
    expect(api.message).toContain('Param Incorrect');
    expect(api.param).toBe(paramText);
    expect(api.requestId).toBe('req_1');
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.faults[0]).toMatchObject({ type: 'status', status: 400 });
  });

  it('a 400 on a stream, with an SSE-style body, is parsed as the error', async () => {
    server.reply.error(400, `data:${JSON.stringify(mimo400)}\n\n`);
    const stream = client.stream(request);
    const error = await stream.finalResponse().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).param).toBe(paramText);
    expect(server.calls).toHaveLength(1);
  });

  // undici reports a failed send through the same callback as an answer (the exchange is its `opaque`).
  it('a refused connection is a ConnectionError naming the host, after the retries, for create() and forEach alike', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = createClient({
      baseURL: `http://127.0.0.1:${port}/v1`,
      apiKey: server.apiKey,
      maxRetries: 1,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const retried: string[] = [];
    const onRetry = (info: { reason: string }): void => {
      retried.push(info.reason);
    };
    const created = await refused.create(request, { onRetry }).catch((thrown: unknown) => thrown);
    const streamed = await refused
      .stream(request, { onRetry })
      .forEach(() => {})
      .catch((thrown: unknown) => thrown);
    await refused.close();
    for (const error of [created, streamed]) {
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).message).toContain(`127.0.0.1:${port}`);
    }
    expect(retried).toHaveLength(2);
  });

  it('a 401 is an AuthenticationError naming the host, sent once', async () => {
    const wrong = createClient({ baseURL: server.url, apiKey: 'sk-wrong-key-0123456789' });
    const error = await wrong.create(request).catch((caught: unknown) => caught);
    await wrong.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toContain('Please provide valid API Key');
    expect((error as AuthenticationError).message).toContain(server.url);
    expect((error as AuthenticationError).message).not.toContain('sk-wrong-key-0123456789');
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.status).toBe(401);
  });

  it('a refused parameter sends nothing to the server', async () => {
    const bad = { ...request, previous_response_id: 'resp_1' } as unknown as ResponseRequest;
    await expect(client.create(bad)).rejects.toBeInstanceOf(UnsupportedParameterError);
    expect(() => client.stream(bad)).toThrow(UnsupportedParameterError);
    expect(() =>
      client.stream({ ...request, text: { format: { type: 'json_schema' } } } as unknown as ResponseRequest),
    ).toThrow(UnsupportedParameterError);
    await expect(
      client.create({
        model: 'mimo-v2.6-pro',
        input: [{ type: 'function_call', call_id: 'c', name: 'n', arguments: '{}' }],
      }),
    ).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.calls).toHaveLength(0);
  });

  it('sends the key as Authorization: Bearer when asked, and the server records it redacted', async () => {
    const bearer = createClient({ baseURL: server.url, apiKey: server.apiKey, authHeader: 'bearer' });
    server.reply.text('ok');
    const response = await bearer.create(request);
    await bearer.close();
    expect(response.status).toBe('completed');
    expect(server.calls[0]?.headers.authorization).toBe('[redacted]');
    expect(server.calls[0]?.headers['api-key']).toBeUndefined();
  });

  it('sends custom headers', async () => {
    const custom = createClient({ baseURL: server.url, apiKey: server.apiKey, headers: { 'X-Trace': 't1' } });
    server.reply.text('ok');
    await custom.create(request);
    await custom.close();
    expect(server.calls[0]?.headers['x-trace']).toBe('t1');
    expect(server.calls[0]?.headers['api-key']).toBe('[redacted]');
  });
});
