// docs/observability.md: tracing every run with the global OpenTelemetry providers.
import type { MimoClient } from '@mimo-agents/core';
import { otelInstrumentation } from '@mimo-agents/otel';
import { type Agent, run } from '@mimo-agents/runner';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ConsoleSpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** Registers a console tracer globally, then runs `agent` traced. */
export async function tracedRun(client: MimoClient, agent: Agent) {
  // #region docs
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })],
    }),
  );

  const instrumentation = otelInstrumentation(); // the global providers
  const result = await run({ client, agent, input: 'Weather in Paris?', instrumentation });
  // #endregion docs
  return result;
}
