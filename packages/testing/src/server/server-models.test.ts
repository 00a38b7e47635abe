import { afterEach, describe, expect, it } from 'vitest';
import { postResponses } from '../test-support/post-responses.js';
import type { WireErrorBody } from '../wire/response.js';
import { estimateInputTokens, TEST_SERVER_MODELS } from './server-models.js';
import { startTestServer, type TestServer } from './test-server.js';
import type { TestServerOptions } from './test-server-options.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function start(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

describe('the test server follows MiMo V2.6', () => {
  it('lists the V2.6 models on GET /v1/models, behind the key', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/models`, { headers: { 'api-key': server.apiKey } });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { object: string; data: { id: string; object: string }[] };
    expect(list.object).toBe('list');
    expect(list.data.map((model) => model.id)).toEqual([
      'mimo-v2.6-pro',
      'mimo-v2.6-flash',
      'mimo-v2.6-pro-ultraspeed',
    ]);
    expect(TEST_SERVER_MODELS).toHaveLength(3);
    expect((await fetch(`${server.url}/models`)).status).toBe(401);
  });

  it('answers a retired model with 400 "Not supported model", or 404 with a migrate hint', async () => {
    const server = await start();
    const res = await postResponses(server, { model: 'mimo-v2.5-pro', input: 'Hi' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as WireErrorBody).error).toMatchObject({
      code: '400',
      message: 'Not supported model',
      param: 'mimo-v2.5-pro',
    });
    const other = await start({ retiredModelStatus: 404 });
    const gone = await postResponses(other, { model: 'mimo-v2.5', input: 'Hi' });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as WireErrorBody).error.param).toContain('migrate to mimo-v2.6-pro');
    // A current model and an unknown one are served.
    expect((await postResponses(server, { model: 'mimo-v2.6-flash', input: 'Hi' })).status).toBe(200);
    expect((await postResponses(server, { model: 'not-yet-known', input: 'Hi' })).status).toBe(200);
  });

  it('refuses a request over its context window (input estimate plus max_output_tokens)', async () => {
    const server = await start({ contextWindow: 100 });
    expect((await postResponses(server, { model: 'mimo-v2.6-pro', input: 'x'.repeat(200) })).status).toBe(
      200,
    );
    const tooLong = await postResponses(server, { model: 'mimo-v2.6-pro', input: 'x'.repeat(600) });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as WireErrorBody).error.param).toContain(
      'maximum context length is 100 tokens',
    );
    const withOutput = await postResponses(server, {
      model: 'mimo-v2.6-pro',
      input: 'x'.repeat(200),
      max_output_tokens: 90,
    });
    expect(withOutput.status).toBe(400);
  });

  it('estimates tokens as characters / 4, media payloads left out', () => {
    const text = { model: 'm', input: 'a'.repeat(400) };
    const withImage = {
      model: 'm',
      input: [
        {
          role: 'user',
          content: [{ type: 'input_image', image_url: `data:image/png;base64,${'A'.repeat(100_000)}` }],
        },
      ],
    };
    expect(estimateInputTokens(text)).toBeGreaterThanOrEqual(100);
    expect(estimateInputTokens(text)).toBeLessThan(110);
    expect(estimateInputTokens(withImage)).toBeLessThan(50);
  });

  it('takes image and audio parts, and refuses malformed ones', async () => {
    const server = await start({ strict: true });
    const ask = (part: unknown): unknown => ({
      model: 'mimo-v2.6-pro',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, part] }],
    });
    const good = [
      { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' },
      { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/4AAQ' },
      { type: 'input_audio', input_audio: { data: 'SUQzBAAAAAAA', format: 'mp3' } },
    ];
    for (const part of good) expect((await postResponses(server, ask(part))).status).toBe(200);
    const bad = [
      { type: 'input_image', image_url: 'ftp://example.com/cat.png' },
      { type: 'input_audio', input_audio: { data: 'SUQz', format: 'flac' } },
      { type: 'input_video', url: 'https://example.com/v.mp4' },
    ];
    for (const part of bad) {
      const res = await postResponses(server, ask(part));
      expect(res.status).toBe(400);
      expect(((await res.json()) as WireErrorBody).error.param).toContain('input[0].content[1]');
    }
    // Outside strict mode an unknown part type passes; a malformed image still does not.
    const lenient = await start();
    expect((await postResponses(lenient, ask({ type: 'refusal', refusal: 'No.' }))).status).toBe(200);
    expect((await postResponses(lenient, ask(bad[0]))).status).toBe(400);
  });
});
