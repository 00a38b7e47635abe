// docs/observability.md: log lines that carry the trace and span ids.
import { createClient } from '@mimo-agents/core';
import { traceLogMixin } from '@mimo-agents/otel';
import { pino } from 'pino';

/** A client whose request log lines carry `trace_id` / `span_id` of the chat span. */
export function tracedLogClient() {
  // #region docs
  const logger = pino({ level: 'info', mixin: traceLogMixin });
  const client = createClient({ logger });
  // #endregion docs
  return client;
}
