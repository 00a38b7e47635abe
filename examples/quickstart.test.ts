// The README's quick start (quickstart.ts) and the complete scripts of the docs run as scripts,
// configured only by the environment (MIMO_API_KEY, MIMO_BASE_URL), against a local MiMo-compatible
// server answering with its demo model.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer({ strict: true, demoModel: true });
});

afterEach(() => server.close());

/** Runs `examples/<file>` with the local server's key (or `apiKey`) and URL in its environment. */
async function script(
  file: string,
  apiKey = server.apiKey,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@mimo-agents/source', `examples/${file}`],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, MIMO_API_KEY: apiKey, MIMO_BASE_URL: server.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** The request bodies the server received. */
const bodies = () =>
  server.calls.map((call) => call.body as { input: unknown; tools?: { name: string }[]; stream?: boolean });

const answer =
  '(local demo model) Based on get_weather: {"city":"Paris","tempC":18}. That answers "Weather in Paris?".';

it('quickstart.ts reads the key and host from the environment and prints the answer', async () => {
  const { code, stdout, stderr } = await script('quickstart.ts');

  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  // The demo model calls get_weather, then answers from the tool's output: printed as is.
  expect(stdout).toBe(`${answer}\n`);
  // Both turns reached the server (which answers 401 to any key but its own: MIMO_API_KEY was used).
  expect(server.calls.map((call) => [call.method, call.path, call.stream])).toEqual([
    ['POST', '/v1/responses', true],
    ['POST', '/v1/responses', true],
  ]);
  const [first, second] = bodies();
  expect(first?.input).toEqual([{ role: 'user', content: 'Weather in Paris?' }]);
  expect(first?.tools?.map((tool) => tool.name)).toEqual(['get_weather']);
  expect(second?.input).toContainEqual({
    type: 'function_call_output',
    call_id: 'call_1',
    output: '{"city":"Paris","tempC":18}',
  });
}, 60_000);

it('docs/runner/run.ts runs the agent of docs/runner.md to its answer', async () => {
  const { code, stdout, stderr } = await script('docs/runner/run.ts');

  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toBe(`2 turns: ${answer}\n`);
  expect(server.calls).toHaveLength(2);
}, 60_000);

it('docs/client/create-and-stream.ts sends one request and one stream (docs/client.md)', async () => {
  const { code, stdout, stderr } = await script('docs/client/create-and-stream.ts');

  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(bodies().map((body) => [body.input, body.stream ?? false])).toEqual([
    ['Say hello.', false],
    ['Tell me a story.', true],
  ]);
  expect(stdout).toContain('input_tokens'); // the usage printed after the first answer
  expect(stdout.trimEnd().endsWith('completed')).toBe(true); // the streamed response's status
}, 60_000);

it('hello.ts (the README demo) takes the MiMo path when MIMO_API_KEY is set', async () => {
  const { code, stdout, stderr } = await script('hello.ts');

  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout.split('\n')[0]).toBe(`Using MiMo at ${server.url}`);
  expect(stdout).toContain('convert_currency {"amount":100,"from":"EUR","to":"USD"}');
  expect(stdout).toMatch(/2 turns · 2 requests/);
  expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
}, 60_000);

it('hello.ts with a wrong key ends with one clear line naming the fix, and no key in it', async () => {
  const wrongKey = 'sk-wrong-key-0123456789';
  const { code, stderr } = await script('hello.ts', wrongKey);

  expect(code).toBe(1);
  expect(stderr.trim()).toMatch(
    /^AuthenticationError \(authentication_failed\): Local server error 401 \(127\.0\.0\.1:\d+, not MiMo\): .*Fix: /,
  );
  expect(stderr).not.toContain(wrongKey);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(server.calls.map((call) => call.status)).toEqual([401]);
}, 60_000);
