import { ConfigError } from '@mimo-agents/core';
import type { Instrumentation } from '@mimo-agents/runner';
import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import { createInstruments, type Telemetry } from './telemetry.js';
import { traceModelRequest } from './trace-model-request.js';
import { traceRun } from './trace-run.js';
import { traceTool } from './trace-tool.js';

/** The name and version our tracer and meter carry (the instrumentation scope). */
export const INSTRUMENTATION_SCOPE = { name: '@mimo-agents/otel', version: '0.1.0' } as const;

/** Default `maxContentLength`. */
export const DEFAULT_MAX_CONTENT_LENGTH = 16_384;

/** Options of `otelInstrumentation`. */
export interface OtelInstrumentationOptions {
  /** Where spans go (default: the global provider, `trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider;
  /** Where metrics go (default: the global provider, `metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /**
   * Record content: instructions, input and output messages, tool arguments and outputs (off by
   * default). Each value is redacted by the client's rules (its API key, bearer tokens, `api-key` /
   * `authorization` values, `sk-…`/`tp-…` keys) and cut at `maxContentLength` characters.
   */
  recordContent?: boolean;
  /** Most characters of one recorded content attribute (default 16,384); longer values are cut. */
  maxContentLength?: number;
}

/**
 * OpenTelemetry for runs, following the GenAI semantic conventions: an `invoke_agent {agent}` span per
 * run, `chat {model}` per model request attempt, `execute_tool {tool}` per tool call (the tool's code
 * runs inside it), the `gen_ai.client.token.usage` and `gen_ai.client.operation.duration` histograms,
 * `mimo_agents.tool.duration` and the `mimo_agents.runs` counter. Pass it as `run({ instrumentation })`.
 * @example
 * const instrumentation = otelInstrumentation();
 * const result = await run({ client, agent, input: 'Weather in Paris?', instrumentation });
 */
export function otelInstrumentation(options: OtelInstrumentationOptions = {}): Instrumentation {
  const maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
  if (!Number.isInteger(maxContentLength) || maxContentLength < 1)
    throw new ConfigError({
      field: 'maxContentLength',
      problem: `${maxContentLength}`,
      fix: 'pass a whole number of characters of at least 1',
    });
  const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
  const meterProvider = options.meterProvider ?? metrics.getMeterProvider();
  const { name, version } = INSTRUMENTATION_SCOPE;
  const telemetry: Telemetry = {
    tracer: tracerProvider.getTracer(name, version),
    ...createInstruments(meterProvider.getMeter(name, version)),
    recordContent: options.recordContent ?? false,
    maxContentLength,
  };
  return {
    run: (info, work) => traceRun(telemetry, info, work),
    modelRequest: (info, work) => traceModelRequest(telemetry, info, work),
    tool: (info, work) => traceTool(telemetry, info, work),
  };
}
