// Every example runs against a local server: in process through its `main()`, and as a script.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createClient, type MimoClient } from '@mimo-agents/core';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main as mcpMain } from './mcp.js';
import { main as otelConsoleMain } from './otel-console.js';
import { main as streamingMain } from './streaming.js';
import { main as toolsMain } from './tools.js';
import { Triage, main as triageMain } from './triage.js';
import { formatSummary, main as workerMain } from './worker.js';

let server: TestServer;
let client: MimoClient;

beforeEach(async () => {
  server = await startTestServer({ strict: true, demoModel: true });
  client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    maxConcurrency: 8,
    requestsPerMinute: Number.POSITIVE_INFINITY,
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

/** A writable that keeps what it is given. */
function sink(isTTY = false): Writable & { text: () => string; isTTY: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join(''), isTTY });
}

describe('tools.ts', () => {
  it('runs three typed tools in one turn and answers from their outputs', async () => {
    const lines: string[] = [];
    const result = await toolsMain(client, { print: (line) => lines.push(line) });
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe(`2 turns, ${result.usage.totalTokens} tokens`);
    expect(result.status).toBe('completed');
    expect(result.turns[0]?.toolCalls.map((call) => [call.name, call.outcome])).toEqual([
      ['get_weather', 'ok'],
      ['convert_currency', 'ok'],
      ['search_guides', 'ok'],
    ]);
    expect(JSON.parse(result.turns[0]?.toolCalls[0]?.output ?? '')).toMatchObject({
      city: 'Paris',
      temperature: 18,
    });
    expect(result.finalOutput).toContain('get_weather: {"city":"Paris"');
    const body = server.calls[0]?.body as { tools: { name: string }[] } | undefined;
    const tools = body?.tools ?? [];
    expect(tools.map((tool) => tool.name)).toEqual(['get_weather', 'convert_currency', 'search_guides']);
  });
});

describe('triage.ts', () => {
  it('calls both tools (one reading the typed context) and ends in a validated Triage object', async () => {
    const lines: string[] = [];
    const context = { customerId: 'c-7', plan: 'pro' as const };
    const result = await triageMain(client, { context, print: (line) => lines.push(line) });
    expect(result.status).toBe('completed');
    const ticket = Triage.parse(result.finalOutput);
    expect(ticket).toEqual(result.finalOutput);
    expect(lines[0]).toBe(`[${ticket.priority}] ${ticket.category}: ${ticket.reply}`);
    expect(result.turns[0]?.toolCalls.map((call) => [call.name, call.outcome])).toEqual([
      ['lookup_account', 'ok'],
      ['search_incidents', 'ok'],
    ]);
    expect(JSON.parse(result.turns[0]?.toolCalls[0]?.output ?? '')).toEqual({
      customerId: 'c-7',
      plan: 'pro',
      openInvoices: 1,
    });
    const body = server.calls.at(-1)?.body as { text?: unknown; instructions?: string };
    expect(body.text).toEqual({ format: { type: 'json_object' } });
    expect(body.instructions).toContain('"priority"');
  });
});

describe('otel-console.ts', () => {
  it('exports the run as invoke_agent > chat / execute_tool spans, and prints the metrics at shutdown', async () => {
    const printed = vi.spyOn(console, 'dir').mockImplementation(() => undefined);
    const spans: ReadableSpan[] = [];
    const exporter: SpanExporter = {
      export: (batch, done) => {
        spans.push(...batch);
        done({ code: 0 });
      },
      shutdown: async () => undefined,
    };
    const result = await otelConsoleMain(client, exporter);
    const root = spans.find((span) => span.name === 'invoke_agent travel');
    expect(result.status).toBe('completed');
    expect(spans.filter((span) => span.name.startsWith('chat '))).toHaveLength(result.turns.length);
    expect(spans.some((span) => span.name === 'execute_tool get_weather')).toBe(true);
    for (const span of spans)
      if (span !== root) expect(span.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    expect(printed).toHaveBeenCalled();
    printed.mockRestore();
  });
});

describe('streaming.ts', () => {
  it('renders every event and the streamed text is the final answer', async () => {
    let out = '';
    const result = await streamingMain(client, (text) => {
      out += text;
    });
    expect(out).toMatch(/^▶ run /);
    expect(out).toContain('→ get_weather({"city":"Paris"');
    expect(out).toContain('← get_weather ok in');
    expect(out).toContain(`■ completed after 2 turns, ${result.usage.totalTokens} tokens`);
    expect(out).toContain(result.finalOutput ?? '(missing)');
  });
});

describe('worker.ts', () => {
  it('runs every task on one client, counting retries and failures, with a log line per run', async () => {
    server.reply
      .demo({ fault: { type: 'status', status: 500 } }) // retried by the client before any event
      .demo({ fault: { type: 'drop-after-events', events: 3 } }) // the runner resends the turn
      .error(402); // not retryable: that run fails, the job goes on
    const logs = sink();
    const progress = sink();
    const summary = await workerMain({
      client,
      tasks: 20,
      concurrency: 4,
      logger: pino({ level: 'info' }, logs),
      progress,
    });

    expect(summary).toMatchObject({ runs: 20, completed: 19, failed: 1, turns: 38, retries: 2 });
    expect(summary.usage.requests).toBe(38);
    expect(server.calls.map((call) => call.faults.length).reduce((a, b) => a + b)).toBe(3);
    const lines = logs
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { runId: string; msg: string; retries: number });
    expect(lines).toHaveLength(20);
    expect(new Set(lines.map((line) => line.runId)).size).toBe(20);
    expect(lines.filter((line) => line.msg === 'run failed')).toHaveLength(1);
    expect(lines.reduce((sum, line) => sum + line.retries, 0)).toBe(2);
    expect(progress.text()).toContain('progress: 20/20 runs, 1 failed\n');
    expect(formatSummary(summary)).toMatch(/│ failed +│ +1 │/);
  });

  it("counts a failed run's partial turns and tokens in the totals", async () => {
    server.reply.demo().error(402); // ticket 1: its tool turn is answered, its second turn is refused
    const logs = sink();
    const summary = await workerMain({
      client,
      tasks: 2,
      concurrency: 1,
      logger: pino({ level: 'info' }, logs),
      progress: sink(),
    });

    expect(summary).toMatchObject({ runs: 2, completed: 1, failed: 1, turns: 3 });
    expect(summary.usage.requests).toBe(3);
    const lines = logs
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { runId: string; msg: string; turns: number; usage: string });
    const failed = lines.find((line) => line.msg === 'run failed');
    const done = lines.find((line) => line.msg === 'run done');
    expect(failed).toMatchObject({
      runId: 'ticket-1',
      turns: 1,
      usage: expect.stringMatching(/^1 request, /),
    });
    expect(done).toMatchObject({
      runId: 'ticket-2',
      turns: 2,
      usage: expect.stringMatching(/^2 requests, /),
    });
    const tokensIn = (usage: string | undefined) =>
      Number(/ ([\d,]+) in/.exec(usage ?? '')?.[1]?.replaceAll(',', ''));
    expect(summary.usage.inputTokens).toBe(tokensIn(failed?.usage) + tokensIn(done?.usage));
    expect(tokensIn(failed?.usage)).toBeGreaterThan(0);
    expect(server.calls.map((call) => call.status)).toEqual([200, 402, 200, 200]);
  });

  it('redraws one progress line on a TTY', async () => {
    const progress = sink(true);
    await workerMain({ client, tasks: 3, concurrency: 2, logger: pino({ level: 'silent' }), progress });
    expect(progress.text()).toContain('\r[##############################] 3/3 runs, 0 failed\n');
    expect(progress.text()).not.toContain('progress:');
  });
});

describe('mcp.ts', () => {
  it("gives the agent the MCP server's allowed tools under valid names and answers from their output", async () => {
    const lines: string[] = [];
    const result = await mcpMain(client, { print: (line) => lines.push(line) });
    expect(lines[0]).toBe('tools: crm_customers_find (MCP "customers.find")');
    expect(result.status).toBe('completed');
    expect(result.turns[0]?.toolCalls.map((call) => [call.name, call.outcome])).toEqual([
      ['crm_customers_find', 'ok'],
    ]);
    expect(JSON.parse(result.turns[0]?.toolCalls[0]?.output ?? '')).toMatchObject({
      customers: expect.any(Array),
    });
    expect(lines[1]).toContain('crm_customers_find');
  });
});

describe('as scripts (no MIMO_API_KEY: the local demo server)', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const script = async (file: string): Promise<{ code: number | null; stdout: string }> => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.MIMO_API_KEY;
    delete env.MIMO_BASE_URL;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@mimo-agents/source', `examples/${file}`],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, stdout };
  };

  it('hello.ts, tools.ts, streaming.ts, worker.ts, otel-console.ts and triage.ts exit 0 with their output', async () => {
    const [hello, tools, streaming, worker, otel, triage] = await Promise.all([
      script('hello.ts'),
      script('tools.ts'),
      script('streaming.ts'),
      script('worker.ts'),
      script('otel-console.ts'),
      script('triage.ts'),
    ]);
    expect(otel).toMatchObject({ code: 0 });
    expect(otel.stdout).toContain("name: 'invoke_agent travel'");
    expect(otel.stdout).toContain("name: 'execute_tool get_weather'");
    expect(otel.stdout).toContain('gen_ai.client.token.usage');
    expect(hello).toMatchObject({ code: 0 });
    expect(hello.stdout).toContain('Using the local MiMo-compatible demo server');
    expect(hello.stdout).toMatch(/2 turns · /);
    expect(tools).toMatchObject({ code: 0 });
    expect(tools.stdout).toContain('2 turns,');
    expect(streaming).toMatchObject({ code: 0 });
    expect(streaming.stdout).toContain('■ completed after 2 turns');
    expect(worker).toMatchObject({ code: 0 });
    expect(worker.stdout).toMatch(/│ runs +│ +100 │/);
    expect(worker.stdout).toMatch(/│ failed +│ +0 │/);
    expect(triage).toMatchObject({ code: 0 });
    expect(triage.stdout).toMatch(/^\[(low|normal|urgent)\] (billing|outage|account|other): /);
    expect(triage.stdout).toContain('2 turns, tools: lookup_account, search_incidents');
  }, 120_000); // six processes start at once on a busy CI machine

  it('mcp.ts exits 0 with its output', async () => {
    const mcp = await script('mcp.ts');
    expect(mcp).toMatchObject({ code: 0 });
    expect(mcp.stdout).toContain('tools: crm_customers_find (MCP "customers.find")');
  }, 60_000);
});
