// Running agents
export type { Agent, ModelSettings } from './agent.js';
export { DEFAULT_FINAL_ANSWER_PROMPT, type FinalAnswerStrategy } from './build-request.js';
export type { RunInput } from './history/normalize-input.js';
export { DEFAULT_MAX_TOOL_CONCURRENCY, DEFAULT_MAX_TURNS, run, streamRun } from './run.js';
export type { FinalOutput, RunOptions } from './run-options.js';
export type { RunResult, RunResultStatus, ToolCallRecord, TurnRecord } from './run-result.js';
export { RunStream } from './run-stream.js';
export { DEFAULT_MAX_BUFFERED_EVENTS } from './options/max-buffered-events.js';

// Multi-agent: agents as tools, handoffs, limits of the tree of agent runs
export { AgentLimitError, type AgentLimit } from './agents/agent-limit-error.js';
export { AgentOutputError } from './agents/agent-output-error.js';
export {
  type AgentLimits,
  DEFAULT_MAX_AGENT_DEPTH,
  DEFAULT_MAX_SUB_RUNS,
} from './agents/agent-limits.js';
export {
  type AgentToolOptions,
  agentTool,
  DEFAULT_AGENT_TOOL_TIMEOUT_MS,
  DEFAULT_SETTLE_TIMEOUT_MS,
} from './agents/agent-tool.js';
export { SubRunBudgetError } from './agents/sub-run-budget-error.js';
export { SubRunSettleTimeoutError } from './agents/sub-run-settle-timeout-error.js';
export { type Handoff, type HandoffInputFilter, type HandoffOptions, handoff } from './agents/handoff.js';
export { finalOutputOf } from './agents/final-output-of.js';
export { deleteRunCheckpoints } from './agents/delete-run-checkpoints.js';

// Option keys: one list per options type (a new option must be registered in its list)
export {
  AGENT_OPTION_KEYS,
  FINAL_ANSWER_KEYS,
  MODEL_SETTINGS_KEYS,
  REASONING_KEYS,
  RESUME_OPTION_KEYS,
  RUN_FROM_STATE_OPTION_KEYS,
  RUN_OPTION_KEYS,
} from './options/run-option-keys.js';

// Structured output
export {
  DEFAULT_MAX_OUTPUT_REPAIRS,
  type OutputMode,
  type OutputState,
} from './output/output-settings.js';
export { parsePartialJson } from './output/partial-json.js';
export type { InferOutput, OutputSpec } from '@mimo-agents/tools';
export type { OutputCompletedEvent, OutputDeltaEvent, OutputInvalidEvent } from './output/output-events.js';

// Run events
export type {
  AgentEventEvent,
  AgentHandoffEvent,
  CheckpointSavedEvent,
  CheckpointStep,
  ContextCompactedEvent,
  ReasoningDeltaEvent,
  RunCompletedEvent,
  RunEvent,
  RunEventType,
  RunStartedEvent,
  TextDeltaEvent,
  ToolApprovalRequestedEvent,
  ToolArgumentsDeltaEvent,
  ToolArgumentsMismatchEvent,
  ToolCalledEvent,
  ToolCompletedEvent,
  ToolOutputTruncatedEvent,
  ToolProgressEvent,
  TurnCompletedEvent,
  TurnToolCall,
  TurnRetriedEvent,
  TurnStartedEvent,
  TurnWarningEvent,
} from './events.js';

// Stop conditions
export {
  costBudgetIs,
  hasToolCall,
  type StopCondition,
  type StopConditionInput,
  stepCountIs,
  tokenBudgetIs,
} from './stop-conditions.js';

// Usage and cost
export { costOf, type ModelPrice, type PriceTable, priceFor, type RunCost } from './cost.js';
export { addUsage, emptyUsage, formatUsage, type RunUsage } from './usage.js';

// Sessions: conversations kept between runs
export { createFileSessionStore, type FileSessionStoreOptions } from './session/file-session-store.js';
export { createMemorySessionStore } from './session/memory-session-store.js';
export type { RunSession, SessionRecord, SessionStore } from './session/session-store.js';

// Context management: policies applied before each request, token estimate
export type { CompactionRecord } from './context/compaction-record.js';
export {
  type ContextPolicy,
  type ContextPolicyCommon,
  type ContextThreshold,
  type CustomCompactionInput,
  type CustomPolicy,
  DEFAULT_SUMMARY_INSTRUCTIONS,
  type SummarizePolicy,
  type TrimPolicy,
} from './context/context-policy.js';
export { estimateTokens } from './context/estimate-tokens.js';
export { SUMMARY_PREFIX } from './context/summarize-history.js';
export { type HistoryLayout, type TurnGroup, turnGroups } from './context/turn-groups.js';

// Instrumentation (tracing hooks; `@mimo-agents/otel` implements them)
export type {
  Instrumentation,
  ModelRequestAttempt,
  ModelRequestInfo,
  RunInstrumentInfo,
  ToolCallInfo,
} from './instrumentation/instrumentation.js';

// Durable runs: run state, resume, the loop's hook
export type { StepInfo } from './loop/run-from-state.js';
export { type ResumeOptions, resume, streamResume } from './resume.js';
export { type RunFromStateOptions, streamRunFromState } from './run.js';
export {
  type CreateRunStateOptions,
  createRunState,
  type PendingToolTurn,
  type RunState,
  type RunStateHandoff,
} from './run-state.js';

// Durable runs: checkpoint stores and the envelope a store writes
export { type AssertResumableOptions, assertResumable } from './checkpoint/assert-resumable.js';
export { checkRunStateShape } from './checkpoint/check-run-state-shape.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointEnvelope,
  type DecodeCheckpointOptions,
  decodeCheckpoint,
  type EncodeCheckpointOptions,
  encodeCheckpoint,
} from './checkpoint/checkpoint-codec.js';
export type { CheckpointStore } from './checkpoint/checkpoint-store.js';
export {
  createFileCheckpointStore,
  type FileCheckpointStore,
  type FileCheckpointStoreOptions,
} from './checkpoint/file-checkpoint-store.js';
export {
  createMemoryCheckpointStore,
  type MemoryCheckpointStore,
} from './checkpoint/memory-checkpoint-store.js';

// Human approvals
export {
  type ApprovalDecisionOptions,
  applyApprovalDecisions,
  DEFAULT_UNDECIDED_REASON,
} from './approvals/apply-approval-decisions.js';
export type { ApprovalDecision, ApprovalDecisionBinding } from './approvals/approval-decision.js';
export {
  type RouteApprovalDecisionsOptions,
  routeApprovalDecisions,
} from './approvals/route-approval-decisions.js';
export type { SubRunAnswer, SubRunInterruption } from './agents/sub-run-interruption.js';
export {
  type ApprovalSecret,
  type SignApprovalDecisionOptions,
  signApprovalDecision,
  verifyApprovalSignature,
} from './approvals/approval-signature.js';
export { approvalIdFor, argumentsHash, canonicalJson } from './approvals/arguments-hash.js';
export type { ToolApprovalRequest } from './approvals/tool-approval-request.js';
export type { ToolCallApproval } from './approvals/tool-call-approval.js';

// Errors
export { ApprovalError, type ApprovalErrorCode } from './approvals/approval-error.js';
export {
  CheckpointCorruptError,
  type CheckpointCorruptErrorFields,
  type CheckpointCorruptReason,
} from './checkpoint/checkpoint-corrupt-error.js';
export { CheckpointExistsError } from './checkpoint/checkpoint-exists-error.js';
export { CheckpointNotFoundError } from './checkpoint/checkpoint-not-found-error.js';
export { CheckpointStateError } from './checkpoint/checkpoint-state-error.js';
export { type CheckpointOperation, CheckpointStoreError } from './checkpoint/checkpoint-store-error.js';
export { ResumeMismatchError, type ResumeMismatchField } from './checkpoint/resume-mismatch-error.js';
export { MaxTurnsExceededError } from './errors/max-turns-exceeded-error.js';
export { RunAbortedError } from './errors/run-aborted-error.js';
export { RunStreamOverflowError } from './errors/run-stream-overflow-error.js';
export { SessionConflictError, type SessionConflictErrorFields } from './session/session-conflict-error.js';
export {
  type OutputIssue,
  StructuredOutputError,
  type StructuredOutputErrorFields,
} from './output/structured-output-error.js';
export type { RunnerErrorCode } from './errors/runner-error-code.js';
