// examples/multi-agent.ts against a scripted local server, in process and as a script.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createClient, type MimoClient } from '@mimo-agents/core';
import { type ReplySpec, startTestServer, type TestServer, type WireRequest } from '@mimo-agents/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { main } from './multi-agent.js';

let server: TestServer;
let client: MimoClient;

beforeEach(async () => {
  server = await startTestServer({ strict: true });
  client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

/** The model, by agent (told apart by the tools each declares) and by what its history holds. */
function reply(request: WireRequest): ReplySpec {
  const tools = (request.tools ?? []).map((t) => ('name' in t ? t.name : ''));
  const input = Array.isArray(request.input) ? request.input : [];
  const outputs = input.filter((item) => item.type === 'function_call_output').length;
  const call = (name: string, args: Record<string, unknown>, callId: string) =>
    ({ type: 'function_call', name, arguments: JSON.stringify(args), callId }) as const;
  const text = (value: string): ReplySpec => ({ type: 'output', items: [{ type: 'message', text: value }] });
  if (tools.includes('ask_tech_support')) {
    if (outputs === 0)
      return { type: 'output', items: [call('ask_tech_support', { input: 'App crashes on login' }, 'c1')] };
    return { type: 'output', items: [call('transfer_to_billing', {}, 'c2')] };
  }
  if (tools.includes('lookup_invoice'))
    return outputs === 2
      ? { type: 'output', items: [call('lookup_invoice', { invoice: 'A-17' }, 'c3')] }
      : text('You were charged twice; the second 30 EUR is refunded.');
  return text('Update the app to 2.4.1; the login crash is fixed there.');
}

it('multi-agent.ts: triage asks tech support as a tool, then hands billing over', async () => {
  for (let i = 0; i < 6; i += 1) server.reply.with(reply);
  const lines: string[] = [];
  const result = await main(client, { print: (line) => lines.push(line) });
  expect(lines).toEqual([
    'triage > tech_support: Update the app to 2.4.1; the login crash is fixed there.',
    'handoff: triage → billing',
    'billing: You were charged twice; the second 30 EUR is refunded.',
    `5 requests, ${result.usage.totalTokens} tokens (sub-agents included)`,
  ]);
  expect(result.lastAgent).toBe('billing');
  expect(result.turns.map((turn) => turn.toolCalls.map((c) => c.name))).toEqual([
    ['ask_tech_support'],
    ['transfer_to_billing'],
    ['lookup_invoice'],
    [],
  ]);
});

it('multi-agent.ts runs as a script against the demo server', async () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const env = { ...process.env, MIMO_API_KEY: '' };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@mimo-agents/source', 'examples/multi-agent.ts'],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(0);
  expect(stdout).toMatch(/requests, \d+ tokens \(sub-agents included\)\n$/);
}, 60_000);
