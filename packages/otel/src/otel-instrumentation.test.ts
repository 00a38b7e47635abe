import { type Agent, agentTool, run } from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GEN_AI, METRICS, MIMO } from './gen-ai-attributes.js';
import { otelInstrumentation } from './otel-instrumentation.js';
import { only, parentOf, points, startOtelHarness } from './test-support/otel-harness.js';

const city = z.object({ city: z.string() });

/** Two tools that each wait until both of a turn have started: they only finish if they run in parallel. */
function parallelTools(): NonNullable<Agent['tools']> {
  let waiting: (() => void)[] = [];
  const meet = (): Promise<void> =>
    new Promise((resolve) => {
      waiting.push(resolve);
      if (waiting.length === 2) {
        for (const release of waiting) release();
        waiting = [];
      }
    });
  return [
    tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: city,
      execute: async (args) => {
        await meet();
        return `clear in ${args.city}`;
      },
    }),
    tool({
      name: 'local_time',
      description: 'Time',
      parameters: city,
      execute: async () => {
        await meet();
        return 'noon';
      },
    }),
  ];
}

const CONTENT_KEYS = [
  GEN_AI.systemInstructions,
  GEN_AI.inputMessages,
  GEN_AI.outputMessages,
  GEN_AI.toolCallArguments,
  GEN_AI.toolCallResult,
];

describe('otelInstrumentation: the span tree of a run', () => {
  it('a 3-turn run with parallel tools: invoke_agent > 3 chat + 4 execute_tool, with GenAI attributes and metrics', async () => {
    const h = await startOtelHarness();
    const calls = (turn: number) => [
      { name: 'get_weather', arguments: { city: 'Paris' }, callId: `w${turn}` },
      { name: 'local_time', arguments: { city: 'Paris' }, callId: `t${turn}` },
    ];
    h.server.reply.functionCalls(calls(1));
    h.server.reply.functionCalls(calls(2));
    h.server.reply.text('Paris: clear, noon.');
    const agent: Agent = {
      name: 'weather',
      model: 'mimo-v2.6-pro',
      instructions: 'Be brief.',
      tools: parallelTools(),
    };
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
    });

    const result = await run({ client: h.client, agent, input: 'Paris?', runId: 'r-tree', instrumentation });

    expect(result.finalOutput).toBe('Paris: clear, noon.');
    const spans = h.spans();
    const root = only(spans, 'invoke_agent weather');
    expect(parentOf(root)).toBeUndefined();
    expect(root.kind).toBe(SpanKind.INTERNAL);
    expect(root.attributes).toMatchObject({
      [GEN_AI.operationName]: 'invoke_agent',
      [GEN_AI.providerName]: 'xiaomi',
      [GEN_AI.agentName]: 'weather',
      [GEN_AI.requestModel]: 'mimo-v2.6-pro',
      [MIMO.runId]: 'r-tree',
      [MIMO.runStatus]: 'completed',
      [MIMO.runTurns]: 3,
      [GEN_AI.inputTokens]: result.usage.inputTokens,
      [GEN_AI.outputTokens]: result.usage.outputTokens,
    });
    // The client's model table prices MiMo V2.6 Pro: the run's cost is on its span.
    expect(root.attributes[MIMO.costUsd]).toBe(result.cost?.total);
    const chats = spans.filter((span) => span.name === 'chat mimo-v2.6-pro');
    expect(chats.map((span) => span.attributes[MIMO.turn])).toEqual([1, 2, 3]);
    for (const [index, chat] of chats.entries()) {
      expect(parentOf(chat)).toBe(root.spanContext().spanId);
      expect(chat.kind).toBe(SpanKind.CLIENT);
      expect(chat.spanContext().traceId).toBe(root.spanContext().traceId);
      const response = result.responses[index];
      expect(chat.attributes).toMatchObject({
        [GEN_AI.operationName]: 'chat',
        [GEN_AI.providerName]: 'xiaomi',
        [GEN_AI.requestModel]: 'mimo-v2.6-pro',
        [GEN_AI.responseId]: response?.id,
        [GEN_AI.responseModel]: response?.model,
        [GEN_AI.inputTokens]: response?.usage?.input_tokens,
        [GEN_AI.outputTokens]: response?.usage?.output_tokens,
        [GEN_AI.serverAddress]: '127.0.0.1',
        [MIMO.runId]: 'r-tree',
        [MIMO.attempt]: 1,
      });
    }
    expect(chats.map((span) => span.attributes[GEN_AI.finishReasons])).toEqual([
      ['tool_calls'],
      ['tool_calls'],
      ['stop'],
    ]);
    const tools = spans.filter((span) => span.name.startsWith('execute_tool '));
    expect(tools.map((span) => `${span.name}/${span.attributes[GEN_AI.toolCallId]}`).sort()).toEqual([
      'execute_tool get_weather/w1',
      'execute_tool get_weather/w2',
      'execute_tool local_time/t1',
      'execute_tool local_time/t2',
    ]);
    for (const span of tools) {
      expect(parentOf(span)).toBe(root.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        [GEN_AI.operationName]: 'execute_tool',
        [MIMO.toolOutcome]: 'ok',
        [MIMO.runId]: 'r-tree',
      });
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    }
    expect(tools.filter((span) => span.attributes[MIMO.turn] === 2)).toHaveLength(2);
    // No content by default: no instructions, messages, arguments or outputs on any span.
    for (const span of spans) for (const key of CONTENT_KEYS) expect(span.attributes).not.toHaveProperty(key);
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('Be brief.');

    const metrics = await h.metrics();
    const tokens = points(metrics, METRICS.tokenUsage);
    expect(tokens.map((p) => p.attributes[GEN_AI.tokenType]).sort()).toEqual(['input', 'output']);
    const inputPoint = tokens.find((p) => p.attributes[GEN_AI.tokenType] === 'input')?.value as {
      count: number;
      sum: number;
    };
    expect(inputPoint).toMatchObject({ count: 3, sum: result.usage.inputTokens });
    expect(points(metrics, METRICS.operationDuration)[0]?.value).toMatchObject({ count: 3 });
    const toolPoints = points(metrics, METRICS.toolDuration);
    expect(toolPoints.reduce((n, p) => n + (p.value as { count: number }).count, 0)).toBe(4);
    expect(points(metrics, METRICS.runs)).toEqual([
      { attributes: { [MIMO.runStatus]: 'completed', [GEN_AI.agentName]: 'weather' }, value: 1 },
    ]);
  });

  it('a user span opened inside a tool is the tool span’s child, and a run started in a tool nests under it', async () => {
    const h = await startOtelHarness();
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
    });
    const userTracer = h.tracerProvider.getTracer('app');
    const researcher: Agent = { name: 'researcher', model: 'mimo-v2.6-pro' };
    const lookup = tool({
      name: 'lookup',
      description: 'Looks up, then asks a sub-agent',
      parameters: city,
      execute: async (args) => {
        await userTracer.startActiveSpan('db.query', async (span) => {
          span.end();
        });
        const sub = await run({ client: h.client, agent: researcher, input: args.city, instrumentation });
        return sub.finalOutput ?? '';
      },
    });
    h.server.reply.functionCalls([{ name: 'lookup', arguments: { city: 'Paris' }, callId: 'c1' }]);
    h.server.reply.text('Sub-agent says: sunny.');
    h.server.reply.text('Sunny.');
    const agent: Agent = { name: 'main', model: 'mimo-v2.6-pro', tools: [lookup] };

    await run({ client: h.client, agent, input: 'Paris?', instrumentation });

    const spans = h.spans();
    const main = only(spans, 'invoke_agent main');
    const toolSpan = only(spans, 'execute_tool lookup');
    const userSpan = only(spans, 'db.query');
    const sub = only(spans, 'invoke_agent researcher');
    expect(parentOf(toolSpan)).toBe(main.spanContext().spanId);
    expect(parentOf(userSpan)).toBe(toolSpan.spanContext().spanId);
    expect(parentOf(sub)).toBe(toolSpan.spanContext().spanId);
    const subChats = spans.filter(
      (span) => span.name === 'chat mimo-v2.6-pro' && parentOf(span) === sub.spanContext().spanId,
    );
    expect(subChats).toHaveLength(1);
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
    // Nothing is active once the run is over.
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it("an agentTool sub-agent is traced with the parent run's instrumentation, nested under its tool span", async () => {
    const h = await startOtelHarness();
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
    });
    const summariser: Agent = { name: 'summariser', model: 'mimo-v2.6-pro' };
    const summarise = agentTool(summariser, { name: 'summarise', description: 'Summarises a text' });
    h.server.reply.functionCalls([{ name: 'summarise', arguments: { input: 'a long text' }, callId: 'c1' }]);
    h.server.reply.text('Short.');
    h.server.reply.text('The summary is: Short.');
    const agent: Agent = { name: 'lead', model: 'mimo-v2.6-pro', tools: [summarise] };

    // Only the parent run is given the instrumentation: the sub-run inherits it.
    const result = await run({ client: h.client, agent, input: 'Summarise it.', instrumentation });

    expect(result.finalOutput).toBe('The summary is: Short.');
    const spans = h.spans();
    const lead = only(spans, 'invoke_agent lead');
    const toolSpan = only(spans, 'execute_tool summarise');
    const sub = only(spans, 'invoke_agent summariser');
    expect(parentOf(toolSpan)).toBe(lead.spanContext().spanId);
    expect(parentOf(sub)).toBe(toolSpan.spanContext().spanId);
    const subChats = spans.filter(
      (span) => span.name === 'chat mimo-v2.6-pro' && parentOf(span) === sub.spanContext().spanId,
    );
    expect(subChats).toHaveLength(1);
  });

  it('a failed tool: its span has status ERROR and error.type, the run still completes', async () => {
    const h = await startOtelHarness();
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
    });
    const broken = tool({
      name: 'broken',
      description: 'Always fails',
      parameters: city,
      execute: () => {
        throw new Error('database is down');
      },
    });
    h.server.reply.functionCalls([{ name: 'broken', arguments: { city: 'Paris' }, callId: 'b1' }]);
    h.server.reply.text('The tool failed.');
    const result = await run({
      client: h.client,
      agent: { name: 'a', model: 'mimo-v2.6-pro', tools: [broken] },
      input: 'Paris?',
      instrumentation,
    });
    expect(result.status).toBe('completed');
    const span = only(h.spans(), 'execute_tool broken');
    expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(span.status.message).toContain('database is down');
    expect(span.attributes).toMatchObject({ [GEN_AI.errorType]: 'thrown', [MIMO.toolOutcome]: 'error' });
    expect(only(h.spans(), 'invoke_agent a').status.code).not.toBe(SpanStatusCode.ERROR);
    const toolPoints = points(await h.metrics(), METRICS.toolDuration);
    expect(toolPoints[0]?.attributes).toMatchObject({
      [GEN_AI.toolName]: 'broken',
      [GEN_AI.errorType]: 'thrown',
    });
  });
});
