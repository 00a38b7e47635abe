import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { ConfigError } from '../errors/config-error.js';
import { RequestValidationError } from '../errors/request-validation-error.js';
import { UnsupportedParameterError } from '../errors/unsupported-parameter-error.js';
import type { ClientOptions } from './client-options.js';
import { createClient, type MimoClient } from './create-client.js';

// Issue 13 item 5: options are validated where they are given.

let server: TestServer;
const clients: MimoClient[] = [];
const request = { model: 'mimo-v2.6-pro', input: 'Hi' } as const;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server.close();
});

function client(options: ClientOptions = {}): MimoClient {
  const created = createClient({ baseURL: server.url, apiKey: server.apiKey, ...options });
  clients.push(created);
  return created;
}

function refusal(make: () => unknown): ConfigError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected createClient() to throw');
}

describe('headers and apiKey are refused at createClient()', () => {
  const bad: [string, Record<string, string>][] = [
    ['CR/LF in a value', { 'x-trace': 'a\r\nx-injected: 1' }],
    ['NUL in a value', { 'x-trace': 'a\u0000b' }],
    ['a non-latin1 value', { 'x-trace': '日本' }],
    ['CRLF in a name', { 'x-a\r\nx-b': '1' }],
    ['a space in a name', { 'x trace': '1' }],
    ['content-length', { 'content-length': '5' }],
    ['transfer-encoding', { 'Transfer-Encoding': 'chunked' }],
    ['upgrade', { upgrade: 'websocket' }],
    ['host', { host: 'evil.example' }],
  ];
  it.each(bad)('%s', (_label, headers) => {
    const error = refusal(() => client({ headers }));
    expect(error.field).toMatch(/^headers\[/);
    expect(error.message).toContain('Fix:');
    expect(error.retryable).toBe(false);
    expect(server.calls).toHaveLength(0);
  });

  it('an apiKey with NUL, without quoting it', () => {
    const error = refusal(() => client({ apiKey: 'sk-abcdefgh\u0000ijkl' }));
    expect(error.field).toBe('apiKey');
    expect(error.message).not.toContain('abcdefgh');
  });

  it('a good custom header still reaches the server', async () => {
    server.reply.text('ok');
    await client({ headers: { 'X-Trace-Id': 'abc-123' } }).create(request);
    expect(server.calls[0]?.headers['x-trace-id']).toBe('abc-123');
  });
});

describe('extraBody goes through the guard', () => {
  const bypasses: [string, Record<string, unknown>][] = [
    ['model', { model: 'other-model' }],
    ['input', { input: 'replaced' }],
    ['tool_choice', { tool_choice: 'required' }],
    ['reasoning', { reasoning: { effort: 'max' } }],
    ['tools', { tools: [{ type: 'web_search' }] }],
    ['text', { text: { format: { type: 'json_schema' } } }],
    ['stream', { stream: false }],
  ];
  it.each(bypasses)('refuses extraBody.%s before sending', async (key, extraBody) => {
    const error = await client()
      .create(request, { extraBody })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedParameterError);
    expect((error as UnsupportedParameterError).message).toContain(`extraBody.${key}`);
    expect(server.calls).toHaveLength(0);
  });

  it('refuses an extraBody that is not an object', async () => {
    const error = await client()
      .create(request, { extraBody: [] as unknown as Record<string, unknown> })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestValidationError);
  });

  it('still sends a field the guard does not model', async () => {
    const lenient = await startTestServer({ strict: false });
    try {
      lenient.reply.text('ok');
      await client({ baseURL: lenient.url, apiKey: lenient.apiKey }).create(request, {
        extraBody: { user: 'u-1' },
      });
      expect((lenient.calls[0]?.body as Record<string, unknown> | undefined)?.user).toBe('u-1');
    } finally {
      await Promise.all(clients.splice(0).map((created) => created.close()));
      await lenient.close();
    }
  });

  it.each(['constructor', 'toString', 'hasOwnProperty'])(
    'a key named %s gets a real message',
    async (key) => {
      for (const place of ['body', 'extraBody'] as const) {
        const body = place === 'body' ? { ...request, [key]: 1 } : request;
        const extraBody = place === 'extraBody' ? { [key]: 1 } : undefined;
        const error = await client()
          .create(body, extraBody === undefined ? {} : { extraBody })
          .catch((caught: unknown) => caught);
        if (place === 'body') expect(error).toBeInstanceOf(UnsupportedParameterError);
        if (error instanceof Error) expect(error.message).not.toContain('undefined');
      }
    },
  );
});

describe('redirects', () => {
  let redirector: Server;
  afterEach(async () => {
    await new Promise((resolve) => redirector.close(resolve));
  });

  it('a redirect to another origin is not followed, the key not forwarded, the status kept', async () => {
    redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `${server.url}/responses` });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const { port } = redirector.address() as AddressInfo;
    const redirected = client({ baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
    const error = await redirected.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(307);
    expect(server.calls).toHaveLength(0);
  });
});
