import {
  type Agent,
  createMemoryCheckpointStore,
  RunAbortedError,
  type RunState,
  resume,
  run,
} from '@mimo-agents/runner';
import { tool } from '@mimo-agents/tools';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GEN_AI, METRICS, MIMO } from './gen-ai-attributes.js';
import { otelInstrumentation } from './otel-instrumentation.js';
import { only, parentOf, points, startOtelHarness } from './test-support/otel-harness.js';
import { formatTraceparent } from './traceparent.js';

const city = z.object({ city: z.string() });

describe('otelInstrumentation: retries, aborts and resumes', () => {
  it('a turn resent after its stream dropped is two chat spans; a client retry is a span event', async () => {
    const h = await startOtelHarness();
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
    });
    // Attempt 1: a 503 the client retries before any event, then a stream cut after 4 events (resent whole).
    h.server.reply.fault({ type: 'status', status: 503, retryAfterMs: 1 });
    h.server.reply.text('Hello there', {
      fault: { type: 'drop-after-events', events: 4 },
      streaming: { deltaSize: 2 },
    });
    h.server.reply.text('Hello again');

    const result = await run({
      client: h.client,
      agent: { name: 'a', model: 'mimo-v2.6-pro' },
      input: 'Hi',
      instrumentation,
    });

    expect(result.finalOutput).toBe('Hello again');
    expect(h.server.calls[0]?.faults).toMatchObject([{ type: 'status', status: 503 }]);
    expect(h.server.calls[1]?.faults).toMatchObject([{ type: 'drop-after-events', eventsWritten: 4 }]);
    const spans = h.spans();
    const root = only(spans, 'invoke_agent a');
    const chats = spans.filter((span) => span.name === 'chat mimo-v2.6-pro');
    expect(chats.map((span) => [span.attributes[MIMO.turn], span.attributes[MIMO.attempt]])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    const [failed, resent] = chats;
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes[GEN_AI.errorType]).toBe('connection_failed');
    expect(failed?.events.map((event) => [event.name, event.attributes?.[MIMO.attempt]])).toEqual([
      [MIMO.retryEvent, 2],
    ]);
    expect(failed?.events[0]?.attributes?.[MIMO.retryReason]).toContain('503');
    expect(resent?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(resent?.attributes[GEN_AI.responseId]).toBe(result.responses[0]?.id);
    for (const chat of chats) expect(parentOf(chat)).toBe(root.spanContext().spanId);
    const durations = points(await h.metrics(), METRICS.operationDuration);
    expect(durations.map((p) => p.attributes[GEN_AI.errorType]).sort()).toEqual([
      'connection_failed',
      undefined,
    ]);
  });

  it('an aborted run ends its spans with errors; resumed, its span links to the first run’s span', async () => {
    const h = await startOtelHarness();
    const instrumentation = otelInstrumentation({
      tracerProvider: h.tracerProvider,
      meterProvider: h.meterProvider,
    });
    const controller = new AbortController();
    const checkpoint = createMemoryCheckpointStore<RunState>();
    let aborts = true;
    const wait = tool({
      name: 'wait',
      description: 'Waits until the run is aborted (first run) or answers (resumed)',
      parameters: city,
      execute: (_args, ctx) => {
        if (!aborts) return 'done';
        controller.abort(new Error('user pressed stop'));
        return new Promise((_resolve, reject) => {
          if (ctx.signal.aborted) reject(ctx.signal.reason);
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
        });
      },
    });
    const agent: Agent = { name: 'waiter', model: 'mimo-v2.6-pro', tools: [wait] };
    h.server.reply.functionCalls([{ name: 'wait', arguments: { city: 'Paris' }, callId: 'w1' }]);

    const error = await run({
      client: h.client,
      agent,
      input: 'Wait',
      runId: 'r-abort',
      checkpoint,
      signal: controller.signal,
      instrumentation,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RunAbortedError);
    const first = only(h.spans(), 'invoke_agent waiter');
    expect(first.status.code).toBe(SpanStatusCode.ERROR);
    expect(first.attributes).toMatchObject({
      [MIMO.runStatus]: 'aborted',
      [GEN_AI.errorType]: 'run_aborted',
    });
    const toolSpan = only(h.spans(), 'execute_tool wait');
    expect(toolSpan.attributes[GEN_AI.errorType]).toBe('aborted');
    // The run state keeps the first run's span as a traceparent (55 characters).
    const saved = await checkpoint.load('r-abort');
    expect(saved?.traceContext).toBe(formatTraceparent(first.spanContext()));
    expect(saved?.traceContext).toHaveLength(55);

    aborts = false;
    h.server.reply.text('Done waiting.');
    const resumed = await resume({ client: h.client, agent, runId: 'r-abort', checkpoint, instrumentation });
    expect(resumed.finalOutput).toBe('Done waiting.');
    const second = h.spans().filter((span) => span.name === 'invoke_agent waiter')[1];
    expect(second?.attributes).toMatchObject({ [MIMO.resumed]: true, [MIMO.runStatus]: 'completed' });
    expect(second?.links.map((link) => link.context.spanId)).toEqual([first.spanContext().spanId]);
    expect(second?.links[0]?.context.traceId).toBe(first.spanContext().traceId);
    // The stored context stays the original run's.
    expect((await checkpoint.load('r-abort'))?.traceContext).toBe(saved?.traceContext);
    expect(
      points(await h.metrics(), METRICS.runs)
        .map((p) => [p.attributes[MIMO.runStatus], p.value])
        .sort(),
    ).toEqual([
      ['aborted', 1],
      ['completed', 1],
    ]);
  });
});
