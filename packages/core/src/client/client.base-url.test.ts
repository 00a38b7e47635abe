import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { createClient } from './create-client.js';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

describe('a baseURL without /v1', () => {
  it('gets a 404 whose message suggests the /v1 URL', async () => {
    const origin = server.url.replace(/\/v1$/, '');
    const client = createClient({ baseURL: origin, apiKey: server.apiKey, maxRetries: 0 });
    const error = await client.create({ model: 'mimo-v2.6-pro', input: 'Hi' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toContain(`did you mean ${origin}/v1?`);
    expect(server.calls[0]?.path).toBe('/responses');
  });

  it('a 404 with /v1 does not suggest it again', async () => {
    server.reply.error(404, { error: { code: '404', message: 'Not Found', type: '' } });
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
    const error = await client.create({ model: 'mimo-v2.6-pro', input: 'Hi' }).catch((e: unknown) => e);
    await client.close();
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).not.toContain('did you mean');
  });
});
