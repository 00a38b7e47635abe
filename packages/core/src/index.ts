// Must stay the first import: it checks the Node version before undici (which fails on Node 20) loads.
import './runtime/node-version-guard.js';

// Client
export type { ClientLimits, ClientOptions, ClientTimeouts } from './client/client-options.js';
export { createClient, type MimoClient } from './client/create-client.js';
export type { RequestOptions } from './client/request-options.js';
export { ResponseStream } from './client/response-stream.js';
export type { RetryPolicy } from './http/retry-policy.js';
export type { RetryInfo } from './http/with-retries.js';
export { DEFAULT_RETRYABLE_400_PATTERNS } from './http/classify-api-error.js';

// History: MiMo's rules, checked before every request
export { unsupportedParameterError } from './guard/unsupported-parameters.js';
export { validateHistory } from './guard/validate-history.js';
export { validateInput } from './guard/validate-input.js';

// Option checks (shared by every package: unknown keys are refused with the closest valid name)
export {
  type CheckOptionKeysOptions,
  checkOptionKeys,
  type OptionKeys,
} from './options/check-option-keys.js';
export { closestName } from './options/closest-name.js';

// Errors
export { AbortError } from './errors/abort-error.js';
export { ApiError, type ApiErrorFields } from './errors/api-error.js';
export { AuthenticationError } from './errors/authentication-error.js';
export { ConfigError, type ConfigErrorFields } from './errors/config-error.js';
export { ConnectionError } from './errors/connection-error.js';
export type { CoreErrorCode } from './errors/core-error-code.js';
export {
  HistoryValidationError,
  type HistoryValidationErrorFields,
} from './errors/history-validation-error.js';
export { IdleTimeoutError } from './errors/idle-timeout-error.js';
export { LimitExceededError, type LimitExceededErrorFields } from './errors/limit-exceeded-error.js';
export { isMimoError, MimoError, type MimoErrorOptions } from './errors/mimo-error.js';
export { ModelCapabilityError, type ModelCapabilityErrorFields } from './errors/model-capability-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export {
  RequestValidationError,
  type RequestValidationErrorFields,
} from './errors/request-validation-error.js';
export { RetiredModelError, type RetiredModelErrorFields } from './errors/retired-model-error.js';
export { StreamProtocolError } from './errors/stream-protocol-error.js';
export { TimeoutError, type TimeoutPhase } from './errors/timeout-error.js';
export { UnsupportedParameterError } from './errors/unsupported-parameter-error.js';
export {
  UnsupportedRuntimeError,
  type UnsupportedRuntimeErrorFields,
} from './errors/unsupported-runtime-error.js';
export { UpstreamOutageError, type UpstreamOutageErrorFields } from './errors/upstream-outage-error.js';

// Timers: many deadlines on one Node timer (request deadlines here, tool timeouts in @mimo-agents/tools)
export { type DeadlineEntry, DeadlineTimer } from './timers/deadline-timer.js';

// Redaction, for your own logs
export { REDACTED, redactError, redactSecrets, redactValue } from './log/redact-secrets.js';

// Models: limits, capabilities, prices, retired names (extend with createClient({ models }))
export { BUILT_IN_MODELS, DEFAULT_MODEL, RETIRED_MODELS } from './models/built-in-models.js';
export type { ModelEntry, ModelInfo, ModelPrices, RetiredModel } from './models/model-info.js';
export { createModelTable, type ModelTable, type ModelTableOptions } from './models/model-table.js';

// Protocol: items and requests
export type {
  FunctionCallItem,
  FunctionCallOutputItem,
  InputAudioPart,
  InputContentPart,
  InputImagePart,
  InputItem,
  InputMessage,
  ReasoningItem,
  ReasoningText,
} from './protocol/input-items.js';
export type { ItemStatus } from './protocol/item-status.js';
export type {
  OutputFunctionCall,
  OutputItem,
  OutputMessage,
  OutputReasoningItem,
  OutputText,
} from './protocol/output-items.js';
export type {
  FunctionTool,
  JsonSchemaFormat,
  ReasoningEffort,
  ResponseRequest,
  TextFormat,
  ToolChoice,
} from './protocol/request.js';

// Protocol: response
export type { Response, ResponseStatus, ResponseUsage } from './protocol/response.js';

// Protocol: stream events
export {
  type ContentPart,
  type ContentPartAddedEvent,
  type ContentPartDoneEvent,
  type ErrorStreamEvent,
  type FunctionCallArgumentsDeltaEvent,
  type FunctionCallArgumentsDoneEvent,
  isTerminalEvent,
  type OutputItemAddedEvent,
  type OutputItemDoneEvent,
  type OutputTextDeltaEvent,
  type OutputTextDoneEvent,
  type ReasoningTextDeltaEvent,
  type ReasoningTextDoneEvent,
  type ResponseCompletedEvent,
  type ResponseCreatedEvent,
  type ResponseFailedEvent,
  type ResponseIncompleteEvent,
  type ResponseInProgressEvent,
  type ResponseStreamEvent,
  type TerminalStreamEvent,
  type UnknownStreamEvent,
} from './protocol/stream-events.js';
