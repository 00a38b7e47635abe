import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Agent, OpenAIResponsesModel, run, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer } from '../server/test-server.js';

const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
let child: ChildProcess;
let baseURL = '';
const apiKey = 'sk-test-cli-key';

beforeAll(async () => {
  setTracingDisabled(true);
  child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@mimo-agents/source', cli, '--port', '0', '--api-key', apiKey],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout?.setEncoding('utf8');
  for await (const chunk of child.stdout ?? []) {
    out += String(chunk);
    const match = /MIMO_API_KEY=.*\n/.test(out) ? /MIMO_BASE_URL=(\S+)/.exec(out) : null;
    if (match?.[1] !== undefined) {
      baseURL = match[1];
      break;
    }
  }
});
afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
});

describe('mimo-test-server CLI', () => {
  it('prints its base URL and key, and answers curl-style requests', async () => {
    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await fetch(`${baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mimo-v2.6-pro', input: 'Hello' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { output_text: string }).output_text).toContain('(local demo model)');
  });

  it('runs an @openai/agents agent with tools to completion against the demo model', async () => {
    const seen: unknown[] = [];
    const getWeather = tool({
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: z.object({ city: z.string(), unit: z.enum(['c', 'f']) }),
      execute: async (args) => {
        seen.push(args);
        return { city: args.city, tempC: 18 };
      },
    });
    const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
    const agent = new Agent({
      name: 'weather',
      instructions: 'You answer weather questions.',
      model: new OpenAIResponsesModel(client, 'mimo-v2.6-pro'),
      tools: [getWeather],
    });
    const result = await run(agent, 'What is the weather in Paris?', { maxTurns: 4 });
    expect(seen).toEqual([{ city: 'Paris', unit: 'c' }]);
    expect(result.finalOutput).toContain(
      '(local demo model) Based on get_weather: {"city":"Paris","tempC":18}',
    );
  });

  it('streams an @openai/agents run to completion', async () => {
    const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
    const echo = tool({
      name: 'lookup',
      description: 'Look a term up',
      parameters: z.object({ query: z.string() }),
      execute: async ({ query }) => `definition of ${query}`,
    });
    const agent = new Agent({
      name: 'lookup',
      model: new OpenAIResponsesModel(client, 'mimo-v2.6-pro'),
      tools: [echo],
    });
    const stream = await run(agent, 'Define entropy', { stream: true, maxTurns: 4 });
    let deltas = '';
    for await (const event of stream) {
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta')
        deltas += event.data.delta;
    }
    await stream.completed;
    expect(stream.finalOutput).toContain('lookup: definition of Define entropy');
    expect(deltas).toBe(stream.finalOutput);
  });
});

describe('@openai/agents in process', () => {
  it('has its extra fields filtered with a warning and its reasoning replay accepted', async () => {
    const server = await startTestServer();
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
      const noop = tool({
        name: 'noop',
        description: 'Nothing',
        parameters: z.object({}),
        execute: async () => 'done',
      });
      const agent = new Agent({
        name: 'n',
        model: new OpenAIResponsesModel(client, 'mimo-v2.6-pro'),
        tools: [noop],
      });
      await run(agent, 'Go');
      expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
      expect(server.calls[0]?.warnings).toEqual(['Unknown parameter include was filtered out.']);
      const replayed = (server.calls[1]!.body as { input: { type?: string }[] }).input.map(
        (item) => item.type,
      );
      expect(replayed).toEqual([undefined, 'reasoning', 'function_call', 'function_call_output']);
    } finally {
      await server.close();
    }
  });
});
