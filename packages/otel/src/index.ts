// The instrumentation: pass it as run({ instrumentation })
export {
  DEFAULT_MAX_CONTENT_LENGTH,
  INSTRUMENTATION_SCOPE,
  type OtelInstrumentationOptions,
  otelInstrumentation,
} from './otel-instrumentation.js';

// Log correlation (pino)
export { type TraceLogFields, traceLogMixin } from './trace-log-mixin.js';

// Names: the GenAI conventions we follow and our own attributes
export { GEN_AI, METRICS, MIMO, PROVIDER_NAME } from './gen-ai-attributes.js';
export { finishReason } from './trace-model-request.js';
export { formatTraceparent, parseTraceparent } from './traceparent.js';
