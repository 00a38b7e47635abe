import { type Agent, run } from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GEN_AI } from './gen-ai-attributes.js';
import { otelInstrumentation } from './otel-instrumentation.js';
import { only, startOtelHarness } from './test-support/otel-harness.js';
import { traceLogMixin } from './trace-log-mixin.js';

// A key of no recognisable shape: only the client's own key list can catch it.
const KEY = 'plain-secret-key-9f3a7c21';
const SHAPED = 'sk-live_0123456789abcdef';

describe('otelInstrumentation: recorded content', () => {
  it('records instructions, messages, arguments and outputs when asked, with every API key redacted', async () => {
    const h = await startOtelHarness({}, { apiKey: KEY });
    const leak = tool({
      name: 'leak',
      description: 'Returns a secret',
      parameters: z.object({ q: z.string() }),
      execute: (args) => `result for ${args.q}: key=${KEY} other=${SHAPED}`,
    });
    h.server.reply.functionCalls([{ name: 'leak', arguments: { q: `echo ${KEY}` }, callId: 'k1' }]);
    h.server.reply.text(`I saw ${KEY}.`);
    const agent: Agent = {
      name: 'a',
      model: 'mimo-v2.6-pro',
      instructions: `Never say ${KEY} or ${SHAPED}.`,
      tools: [leak],
    };
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
      recordContent: true,
    });

    await run({ client: h.client, agent, input: `My key is ${KEY}`, instrumentation });

    const spans = h.spans();
    const everything = JSON.stringify(
      spans.map((span) => ({
        n: span.name,
        a: span.attributes,
        e: span.events,
        s: span.status,
        l: span.links,
      })),
    );
    // The key really went through the run (the server saw it), but no span holds it.
    expect(JSON.stringify(h.server.calls[1]?.body)).toContain(KEY);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(SHAPED);
    const toolSpan = only(spans, 'execute_tool leak');
    expect(toolSpan.attributes[GEN_AI.toolCallResult]).toBe(
      'result for echo [redacted]: key=[redacted] other=[redacted]',
    );
    expect(toolSpan.attributes[GEN_AI.toolCallArguments]).toBe('{"q":"echo [redacted]"}');
    const root = only(spans, 'invoke_agent a');
    expect(JSON.parse(String(root.attributes[GEN_AI.systemInstructions]))).toEqual([
      { type: 'text', content: 'Never say [redacted] or [redacted].' },
    ]);
    expect(JSON.parse(String(root.attributes[GEN_AI.outputMessages]))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'I saw [redacted].' }] },
    ]);
    const chats = spans.filter((span) => span.name === 'chat mimo-v2.6-pro');
    const secondInput = JSON.parse(String(chats[1]?.attributes[GEN_AI.inputMessages])) as unknown[];
    expect(secondInput).toContainEqual({
      role: 'tool',
      parts: [
        {
          type: 'tool_call_response',
          id: 'k1',
          response: 'result for echo [redacted]: key=[redacted] other=[redacted]',
        },
      ],
    });
    expect(JSON.parse(String(chats[0]?.attributes[GEN_AI.outputMessages]))).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'k1', name: 'leak', arguments: '{"q":"echo [redacted]"}' }],
        finish_reason: 'tool_calls',
      },
    ]);
  });

  it('cuts a recorded value at maxContentLength', async () => {
    const h = await startOtelHarness();
    const long = tool({
      name: 'long',
      description: 'Long output',
      parameters: z.object({}),
      execute: () => 'x'.repeat(500),
    });
    h.server.reply.functionCalls([{ name: 'long', arguments: {}, callId: 'l1' }]);
    h.server.reply.text('ok');
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
      recordContent: true,
      maxContentLength: 100,
    });
    await run({
      client: h.client,
      agent: { name: 'a', model: 'mimo-v2.6-pro', tools: [long] },
      input: 'go',
      instrumentation,
    });
    const result = String(only(h.spans(), 'execute_tool long').attributes[GEN_AI.toolCallResult]);
    expect(result).toBe(`${'x'.repeat(100)}…[truncated 400 chars]`);
  });

  it('refuses a maxContentLength that is not a whole number of at least 1', () => {
    expect(() => otelInstrumentation({ maxContentLength: 0 })).toThrow(/maxContentLength.*Fix:/);
  });
});

describe('traceLogMixin', () => {
  it('gives the client’s log lines the trace_id and span_id of the chat span they belong to', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'info', mixin: traceLogMixin },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const h = await startOtelHarness({ logger });
    h.server.reply.text('Hello');
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
    });
    logger.info('before the run');
    await run({
      client: h.client,
      agent: { name: 'a', model: 'mimo-v2.6-pro' },
      input: 'Hi',
      instrumentation,
    });

    const chat = only(h.spans(), 'chat mimo-v2.6-pro');
    expect(lines[0]).not.toHaveProperty('trace_id');
    const fromClient = lines.filter((line) => line.name === 'mimo');
    expect(fromClient.length).toBeGreaterThan(0);
    for (const line of fromClient) {
      expect(line).toMatchObject({
        trace_id: chat.spanContext().traceId,
        span_id: chat.spanContext().spanId,
        trace_flags: '01',
      });
    }
  });
});
