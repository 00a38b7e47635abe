// docs/observability.md: recording content (off by default).
import { otelInstrumentation } from '@mimo-agents/otel';

// #region docs
export const withContent = otelInstrumentation({
  recordContent: true, // instructions, messages, tool arguments and outputs; API keys redacted
  maxContentLength: 4_096, // characters per attribute (default 16,384)
});
// #endregion docs
