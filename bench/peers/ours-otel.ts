import { otelInstrumentation } from '@mimo-agents/otel';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { REQUESTS_PER_RUN, TOOL_TURNS } from '../lib/scenario.js';
import type { ImplementationFactory } from './implementation.js';
import { oursWith } from './ours.js';

/** invoke_agent, one chat per request, one execute_tool per call (2 per tool turn). */
const SPANS_PER_RUN = 1 + REQUESTS_PER_RUN + 2 * TOOL_TURNS;

/**
 * The scenario with `run()` traced by `@mimo-agents/otel` into in-memory exporters (spans and metrics
 * recorded, nothing sent): the cost of tracing itself. The span exporter is emptied after each run.
 */
export const oursOtel: ImplementationFactory = (options) => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const inner = oursWith(options, otelInstrumentation({ tracerProvider, meterProvider }));
  return {
    async runOnce() {
      const out = await inner.runOnce();
      if (spans.getFinishedSpans().length !== SPANS_PER_RUN)
        throw new Error(`the traced run did not record its ${SPANS_PER_RUN} spans`);
      spans.reset();
      return out;
    },
    async close() {
      await inner.close();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      context.disable();
    },
  };
};
