import { trace } from '@opentelemetry/api';

/** The fields `traceLogMixin` adds to a log line. */
export interface TraceLogFields {
  trace_id?: string;
  span_id?: string;
  trace_flags?: string;
}

/**
 * A pino `mixin`: adds `trace_id`, `span_id` and `trace_flags` of the active span to every log line
 * (nothing when no span is active). Give it to the logger you pass to `createClient({ logger })`; the
 * client's own lines (each request) then carry the `chat` span they belong to.
 * @example
 * const client = createClient({ logger: pino({ level: 'info', mixin: traceLogMixin }) });
 */
export function traceLogMixin(): TraceLogFields {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: traceFlags.toString(16).padStart(2, '0') };
}
