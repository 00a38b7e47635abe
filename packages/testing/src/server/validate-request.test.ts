import { afterEach, describe, expect, it } from 'vitest';
import { postResponses } from '../test-support/post-responses.js';
import type { WireErrorBody } from '../wire/response.js';
import { startTestServer, type TestServer } from './test-server.js';
import type { TestServerOptions } from './test-server-options.js';
import { reasoningPassBackMessage } from './validate-history.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function start(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}
async function rejected(server: TestServer, body: unknown): Promise<WireErrorBody> {
  const res = await postResponses(server, body);
  expect(res.status).toBe(400);
  return (await res.json()) as WireErrorBody;
}

const base = { model: 'mimo-v2.6-pro' };
const call = { type: 'function_call', call_id: 'call_a', name: 'get_weather', arguments: '{}' };
const output = { type: 'function_call_output', call_id: 'call_a', output: '18C' };
const user = { role: 'user', content: 'Weather?' };

describe('request validation (MiMo rules)', () => {
  it.each(['previous_response_id', 'background', 'context_management', 'conversation'])(
    'refuses %s with Param Incorrect',
    async (param) => {
      const server = await start();
      const body = await rejected(server, {
        ...base,
        input: 'hi',
        [param]: param === 'background' ? true : 'x',
      });
      expect(body.error).toMatchObject({ code: '400', message: 'Param Incorrect', type: '' });
      expect(body.error.param).toContain(param);
      expect(server.calls[0]?.error).toEqual(body);
    },
  );

  it('refuses a function_call without its output, an output without its call, and two outputs', async () => {
    const server = await start();
    expect((await rejected(server, { ...base, input: [user, call] })).error.param).toContain(
      'no function_call_output',
    );
    expect((await rejected(server, { ...base, input: [user, output] })).error.param).toContain(
      'no preceding function_call',
    );
    expect((await rejected(server, { ...base, input: [user, call, output, output] })).error.param).toContain(
      'more than one',
    );
  });

  it('refuses a message with an unknown role', async () => {
    const server = await start();
    expect(
      (await rejected(server, { ...base, input: [{ role: 'tool', content: 'x' }] })).error.param,
    ).toContain('input[0].role');
  });

  it('refuses text.format json_schema and hosted tools as responses_feature_not_supported', async () => {
    const server = await start();
    const schema = await rejected(server, { ...base, input: 'x', text: { format: { type: 'json_schema' } } });
    expect(schema.error).toMatchObject({
      code: '400',
      type: 'invalid_request_error',
      param: 'text.format.type',
    });
    expect(schema.error.message).toMatch(/^responses_feature_not_supported: text.format type 'json_schema'/);
    const hosted = await rejected(server, { ...base, input: 'x', tools: [{ type: 'web_search' }] });
    expect(hosted.error.message).toMatch(/^responses_feature_not_supported: tool type 'web_search'/);
  });

  it('refuses an unknown reasoning.effort and an out-of-range max_output_tokens', async () => {
    const server = await start();
    expect(
      (await rejected(server, { ...base, input: 'x', reasoning: { effort: 'max' } })).error.param,
    ).toContain('reasoning.effort');
    expect((await rejected(server, { ...base, input: 'x', max_output_tokens: 0 })).error.param).toContain(
      'max_output_tokens',
    );
  });

  it('filters unknown parameters with a warning, and refuses them in strict mode', async () => {
    const lax = await start();
    lax.reply.text('ok');
    const res = await postResponses(lax, {
      ...base,
      input: 'x',
      include: ['reasoning.encrypted_content'],
      store: false,
    });
    expect(res.status).toBe(200);
    expect(lax.calls[0]?.warnings).toEqual([
      'Unknown parameter include was filtered out.',
      'Unknown parameter store was filtered out.',
    ]);
    const strict = await start({ strict: true });
    expect((await rejected(strict, { ...base, input: 'x', include: [] })).error.param).toContain('include');
  });

  it('treats every tool_choice as auto (a warning, never an error)', async () => {
    const server = await start({ strict: true });
    server.reply.text('ok');
    const res = await postResponses(server, { ...base, input: 'x', tool_choice: 'required' });
    expect(res.status).toBe(200);
    expect(server.calls[0]?.warnings[0]).toContain('tool_choice "required" was ignored');
  });

  it('refuses replayed reasoning with summary in strict mode only', async () => {
    const reasoning = {
      type: 'reasoning',
      id: 'rs_9',
      summary: [{ type: 'summary_text', text: 'x' }],
      content: [],
    };
    const strict = await start({ strict: true });
    expect((await rejected(strict, { ...base, input: [user, reasoning] })).error.param).toContain('summary');
    const lax = await start();
    lax.reply.text('ok');
    expect((await postResponses(lax, { ...base, input: [user, reasoning] })).status).toBe(200);
  });
});

describe('reasoning pass-back rule', () => {
  async function firstTurn(server: TestServer): Promise<void> {
    server.reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], {
      reasoning: 'Need weather.',
    });
    expect((await postResponses(server, { ...base, input: [user] })).status).toBe(200);
  }
  const replayedCall = {
    type: 'function_call',
    call_id: 'call_1',
    name: 'get_weather',
    arguments: '{"city":"Paris"}',
  };
  const replayedOutput = { type: 'function_call_output', call_id: 'call_1', output: '18C' };
  const replayedReasoning = {
    type: 'reasoning',
    id: 'rs_1',
    content: [{ type: 'reasoning_text', text: 'Need weather.' }],
  };

  it('answers MiMo’s 400 when a tool turn that had reasoning is resent without it', async () => {
    const server = await start();
    await firstTurn(server);
    const body = await rejected(server, { ...base, input: [user, replayedCall, replayedOutput] });
    expect(body).toEqual({
      error: { code: '400', message: 'Param Incorrect', param: reasoningPassBackMessage, type: '' },
    });
  });

  it('answers the 400 when the reasoning replayed before a tool turn is not the one emitted for it', async () => {
    const server = await start();
    await firstTurn(server);
    const other = { ...replayedReasoning, id: 'rs_made_up' };
    const body = await rejected(server, { ...base, input: [user, other, replayedCall, replayedOutput] });
    expect(body).toEqual({
      error: { code: '400', message: 'Param Incorrect', param: reasoningPassBackMessage, type: '' },
    });
    expect(server.calls[1]?.status).toBe(400);
  });

  it('accepts the turn resent with its reasoning, or with thinking off', async () => {
    const server = await start();
    await firstTurn(server);
    server.reply.text('18C in Paris').text('again');
    const ok = await postResponses(server, {
      ...base,
      input: [user, replayedReasoning, replayedCall, replayedOutput],
    });
    expect(ok.status).toBe(200);
    const off = { ...base, reasoning: { effort: 'none' }, input: [user, replayedCall, replayedOutput] };
    expect((await postResponses(server, off)).status).toBe(200);
  });

  it('accepts a resent tool turn that had no reasoning, and can be switched off', async () => {
    const server = await start();
    server.reply.functionCalls([{ name: 'get_weather', arguments: {} }]).text('done');
    await postResponses(server, { ...base, input: [user] });
    expect(
      (await postResponses(server, { ...base, input: [user, replayedCall, replayedOutput] })).status,
    ).toBe(200);
    const off = await start({ reasoningPassBack: false });
    await firstTurn(off);
    off.reply.text('ok');
    expect((await postResponses(off, { ...base, input: [user, replayedCall, replayedOutput] })).status).toBe(
      200,
    );
  });
});
