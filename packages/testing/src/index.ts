// Server

export { type RecordedCall, redactHeaders } from './server/recorded-call.js';
export {
  estimateInputTokens,
  TEST_SERVER_CONTEXT_WINDOW,
  TEST_SERVER_MODELS,
  TEST_SERVER_RETIRED_MODELS,
} from './server/server-models.js';
export { startTestServer, TestServer } from './server/test-server.js';
export type { TestServerOptions } from './server/test-server-options.js';

// Scripted replies

export {
  type FunctionCallSpec,
  type IncompleteReplyOptions,
  type ReplyFunction,
  ReplyScript,
  type TurnReplyOptions,
} from './reply/reply-script.js';
export type { ItemSpec, RawServe, ReplyCommon, ReplySpec, StreamingOptions } from './reply/reply-spec.js';

// Faults

export type { Fault, FiredFault } from './reply/fault.js';

// Validation (MiMo's rules)

export { reasoningPassBackMessage } from './server/validate-history.js';

// Demo model

export { demoModel, demoModelTag } from './demo/demo-model.js';
export { type FillContext, type FillResult, fillSchema } from './demo/fill-schema.js';

// Recordings

export { readRecording, toJsonl } from './recording/read-recording.js';
export { type RecordingName, recordingNames, recordingPath } from './recording/recording-path.js';

// Secrets tests: every rendering of an error, and any 12-character slice of a key in it
export { errorRenderings, findSecretLeak, secretSlices } from './secrets/secret-leaks.js';

// Stream rendering

export { responseEvents, splitDeltas } from './stream/response-events.js';
export { formatFrame } from './stream/write-event-stream.js';

// Wire types (server-side shapes)

export type { WireInputItem, WireRequest, WireTool } from './wire/request.js';
export type {
  WireErrorBody,
  WireFunctionCall,
  WireItemStatus,
  WireOutputItem,
  WireOutputMessage,
  WireOutputText,
  WireReasoningItem,
  WireReasoningText,
  WireResponse,
  WireResponseStatus,
  WireUsage,
} from './wire/response.js';
export { terminalEventTypes, type WireContentPart, type WireStreamEvent } from './wire/stream-event.js';
