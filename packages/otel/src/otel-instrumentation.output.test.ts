import { run, StructuredOutputError } from '@mimo-agents/runner';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GEN_AI, MIMO } from './gen-ai-attributes.js';
import { otelInstrumentation } from './otel-instrumentation.js';
import { only, startOtelHarness } from './test-support/otel-harness.js';

// Structured output (issue 15) on the run span: the object as its JSON, a failed validation as its status.

const agent = { name: 'triage', model: 'mimo-v2.6-pro', output: z.object({ n: z.number() }) };

describe('otelInstrumentation: structured output', () => {
  it('records the validated object as the output message (its JSON text)', async () => {
    const h = await startOtelHarness();
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
      recordContent: true,
    });
    h.server.reply.text('{"n":7}');
    const result = await run({ client: h.client, agent, input: 'n?', instrumentation });
    expect(result.finalOutput).toEqual({ n: 7 });
    const root = only(h.spans(), 'invoke_agent triage');
    expect(root.attributes[MIMO.runStatus]).toBe('completed');
    expect(JSON.parse(String(root.attributes[GEN_AI.outputMessages]))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: '{"n":7}' }] },
    ]);
  });

  it('a run failing with StructuredOutputError ends its span with status output_invalid and its turns', async () => {
    const h = await startOtelHarness();
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
    });
    h.server.reply.text('{"n":"seven"}');
    const error = await run({
      client: h.client,
      agent,
      input: 'n?',
      instrumentation,
      maxOutputRepairs: 0,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StructuredOutputError);
    const root = only(h.spans(), 'invoke_agent triage');
    expect(root.status.code).toBe(SpanStatusCode.ERROR);
    expect(root.attributes[MIMO.runStatus]).toBe('output_invalid');
    expect(root.attributes[MIMO.runTurns]).toBe(1);
  });
});
