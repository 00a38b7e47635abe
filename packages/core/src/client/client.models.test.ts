import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { ModelCapabilityError } from '../errors/model-capability-error.js';
import { RetiredModelError } from '../errors/retired-model-error.js';
import { UpstreamOutageError } from '../errors/upstream-outage-error.js';
import type { RetryInfo } from '../http/with-retries.js';
import type { InputItem } from '../protocol/input-items.js';
import type { ClientOptions } from './client-options.js';
import { createClient, type MimoClient } from './create-client.js';

let server: TestServer;
let client: MimoClient;

async function start(
  serverOptions: Parameters<typeof startTestServer>[0] = {},
  clientOptions: ClientOptions = {},
): Promise<void> {
  server = await startTestServer({ strict: true, ...serverOptions });
  client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...clientOptions,
  });
}

afterEach(async () => {
  await client.close();
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const outageBody = {
  error: {
    code: '400',
    message: 'finishConnect(..) failed: Connection refused: /10.12.0.7:8443',
    param: '',
    type: '',
  },
};

describe('models on the wire', () => {
  it('turns the server\'s 400 "Not supported model" for a retired model into RetiredModelError, not retried', async () => {
    await start();
    const error = await failure(client.create({ model: 'mimo-v2.5-pro', input: 'Hi' }));
    expect(error).toBeInstanceOf(RetiredModelError);
    expect(error).toMatchObject({
      status: 400,
      serverMessage: 'Not supported model',
      replacement: 'mimo-v2.6-pro',
    });
    expect((error as Error).message).toContain("Fix: set model to 'mimo-v2.6-pro'");
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.status).toBe(400);
  });

  it('does the same for the 404 answer, on a stream too', async () => {
    await start({ retiredModelStatus: 404 });
    const stream = client.stream({ model: 'mimo-v2.5', input: 'Hi' });
    const error = await failure(stream.finalResponse());
    expect(error).toBeInstanceOf(RetiredModelError);
    expect(error).toMatchObject({ status: 404, retryable: false, replacement: 'mimo-v2.6-flash' });
    expect(server.calls).toHaveLength(1);
  });

  it('sends an unknown model name as it is', async () => {
    await start();
    server.reply.text('Hello from the future.');
    const response = await client.create({ model: 'mimo-v3-preview', input: 'Hi' });
    expect(response.output_text).toBe('Hello from the future.');
    expect(server.calls[0]?.body).toMatchObject({ model: 'mimo-v3-preview' });
  });

  it("retries a 400 that is MiMo's own outage, and reports it", async () => {
    await start();
    server.reply.error(400, outageBody).text('Back.');
    const retries: RetryInfo[] = [];
    const response = await client.create(
      { model: 'mimo-v2.6-pro', input: 'Hi' },
      { onRetry: (info) => retries.push(info) },
    );
    expect(response.output_text).toBe('Back.');
    expect(server.calls.map((call) => call.status)).toEqual([400, 200]);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(UpstreamOutageError);
    expect(retries[0]?.reason).toBe('http 400');
  });

  it('never retries a real 400, nor an outage 400 once the patterns are emptied', async () => {
    await start();
    server.reply.error(400, {
      error: { code: '400', message: 'Param Incorrect', param: 'temperature is invalid', type: '' },
    });
    const real = await failure(client.create({ model: 'mimo-v2.6-pro', input: 'Hi' }));
    expect(real).toBeInstanceOf(ApiError);
    expect(real).not.toBeInstanceOf(UpstreamOutageError);
    expect(server.calls).toHaveLength(1);
    await client.close();

    client = createClient({
      baseURL: server.url,
      apiKey: server.apiKey,
      retry: { retryable400Patterns: [] },
    });
    server.reply.error(400, outageBody);
    const outage = await failure(client.create({ model: 'mimo-v2.6-pro', input: 'Hi' }));
    expect(outage).toMatchObject({ status: 400, retryable: false });
    expect(server.calls).toHaveLength(2);
  });

  it('sends images and audio to a V2.6 model, and the server takes them', async () => {
    await start();
    server.reply.text('A cat, purring.');
    const input: InputItem[] = [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is in the picture and the sound?' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
          { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF', format: 'wav' } },
        ],
      },
    ];
    const response = await client.create({ model: 'mimo-v2.6-pro', input });
    expect(response.status).toBe('completed');
    expect(server.calls[0]?.body).toMatchObject({ input });
  });

  it('refuses an image before sending for a model whose entry cannot take one', async () => {
    await start({}, { models: { 'my-text-model': { input: { image: false } } } });
    const error = await failure(
      client.create({
        model: 'my-text-model',
        input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] }],
      }),
    );
    expect(error).toBeInstanceOf(ModelCapabilityError);
    expect(error).toMatchObject({ model: 'my-text-model', feature: 'image input' });
    expect(server.calls).toHaveLength(0);
  });

  it("gets the server's 400 for a request over the context window, not retried", async () => {
    await start({ contextWindow: 1_000 });
    const error = await failure(client.create({ model: 'mimo-v2.6-pro', input: 'word '.repeat(1_000) }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, retryable: false, serverMessage: 'Param Incorrect' });
    expect((error as ApiError).param).toContain('maximum context length is 1000 tokens');
    expect(server.calls).toHaveLength(1);
  });
});
