// Tracing runs with OpenTelemetry, spans and metrics printed to the console.
// Run: pnpm exec tsx --conditions=@mimo-agents/source examples/otel-console.ts
import type { MimoClient } from '@mimo-agents/core';
import { otelInstrumentation } from '@mimo-agents/otel';
import { run } from '@mimo-agents/runner';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { connect } from './connect.js';
import { travelAgent } from './tools.js';

/** Runs the travel agent once with tracing, exporting spans to `exporter` (the console by default). */
export async function main(client: MimoClient, exporter: SpanExporter = new ConsoleSpanExporter()) {
  // --- setup ---
  // Tool code must run inside its span: the context manager carries the active span across awaits.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new ConsoleMetricExporter(),
        exportIntervalMillis: 60_000,
      }),
    ],
  });
  const instrumentation = otelInstrumentation({ tracerProvider, meterProvider });
  // --- end setup ---
  try {
    // --- run ---
    const result = await run({ client, agent: travelAgent, input: 'Weather in Paris?', instrumentation });
    // --- end run ---
    return result;
  } finally {
    // Flushes what is still buffered (the metrics) before the process exits.
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
    context.disable();
  }
}

if (import.meta.main) {
  const { client, close } = await connect();
  try {
    await main(client);
  } finally {
    await close();
  }
}
