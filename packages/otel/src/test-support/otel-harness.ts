import { type ClientOptions, createClient, type MimoClient } from '@mimo-agents/core';
import { startTestServer, type TestServer, type TestServerOptions } from '@mimo-agents/testing';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { onTestFinished } from 'vitest';

/** A test server, a client, and OpenTelemetry providers exporting to memory; all closed after the test. */
export interface OtelHarness {
  server: TestServer;
  client: MimoClient;
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /** Finished spans so far. */
  spans(): ReadableSpan[];
  /** Flushes and returns the metrics recorded so far (cumulative). */
  metrics(): Promise<ResourceMetrics[]>;
}

let contextManagerSet = false;

/** Starts the harness (the async-hooks context manager is made global once per test file). */
export async function startOtelHarness(
  clientOptions: ClientOptions = {},
  serverOptions: TestServerOptions = {},
): Promise<OtelHarness> {
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const server = await startTestServer({ strict: true, ...serverOptions });
  const client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...clientOptions,
  });
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  onTestFinished(async () => {
    await client.close();
    await server.close();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });
  return {
    server,
    client,
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    async metrics() {
      await reader.forceFlush();
      return metricExporter.getMetrics();
    },
  };
}

/** The parent span id of a finished span (undefined for a root). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The one finished span named `name` (fails the test when there is not exactly one). */
export function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
  return found[0] as ReadableSpan;
}

/** The data points of the metric `name` in the last export. */
export function points(
  exported: readonly ResourceMetrics[],
  name: string,
): { attributes: Record<string, unknown>; value: unknown }[] {
  const last = exported.at(-1);
  const metric = last?.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((point) => ({
    attributes: point.attributes as Record<string, unknown>,
    value: point.value,
  }));
}
