// Running agents: the agent, as plain data
export type { Agent, ModelSettings } from './agent.js';
// Requests: how one turn's body is built, and the final-answer strategy
export {
  type BuildRequestOptions,
  buildRequest,
  DEFAULT_FINAL_ANSWER_PROMPT,
  type FinalAnswerStrategy,
  flattenToolItems,
} from './build-request.js';
// Durable runs: checking a loaded state against the agent
export { type AssertResumableOptions, assertResumable } from './checkpoint/assert-resumable.js';
// Durable runs: the checkpoint envelope (for writing a store)
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointEnvelope,
  type DecodeCheckpointOptions,
  decodeCheckpoint,
  type EncodeCheckpointOptions,
  encodeCheckpoint,
} from './checkpoint/checkpoint-codec.js';
// Durable runs: errors
export {
  CheckpointCorruptError,
  type CheckpointCorruptErrorFields,
  type CheckpointCorruptReason,
} from './checkpoint/checkpoint-corrupt-error.js';
// Durable runs: errors
export { CheckpointExistsError } from './checkpoint/checkpoint-exists-error.js';
// Durable runs: errors
export { CheckpointNotFoundError } from './checkpoint/checkpoint-not-found-error.js';
// Durable runs: saving the state at every step
export { type CheckpointSaverOptions, checkpointSaver } from './checkpoint/checkpoint-saver.js';
// Durable runs: errors
export { CheckpointStateError } from './checkpoint/checkpoint-state-error.js';
// Durable runs: the store interface
export type { CheckpointStore } from './checkpoint/checkpoint-store.js';
// Durable runs: errors
export { type CheckpointOperation, CheckpointStoreError } from './checkpoint/checkpoint-store-error.js';
// Durable runs: the file store
export {
  createFileCheckpointStore,
  type FileCheckpointStore,
  type FileCheckpointStoreOptions,
} from './checkpoint/file-checkpoint-store.js';
// Durable runs: the in-memory store
export {
  createMemoryCheckpointStore,
  type MemoryCheckpointStore,
} from './checkpoint/memory-checkpoint-store.js';
// Durable runs: errors
export { ResumeMismatchError, type ResumeMismatchField } from './checkpoint/resume-mismatch-error.js';
// Usage and cost
export {
  addCost,
  costOf,
  emptyCost,
  type ModelPrice,
  type PriceTable,
  priceFor,
  type RunCost,
} from './cost.js';
// Errors
export { HistoryValidationError } from './errors/history-validation-error.js';
// Errors
export { MaxTurnsExceededError } from './errors/max-turns-exceeded-error.js';
// Errors
export { RunAbortedError } from './errors/run-aborted-error.js';
// Run events
export type {
  CheckpointSavedEvent,
  CheckpointStep,
  ReasoningDeltaEvent,
  RunCompletedEvent,
  RunEvent,
  RunEventType,
  RunStartedEvent,
  TextDeltaEvent,
  ToolArgumentsDeltaEvent,
  ToolArgumentsMismatchEvent,
  ToolCalledEvent,
  ToolCompletedEvent,
  TurnCompletedEvent,
  TurnRetriedEvent,
  TurnStartedEvent,
} from './events.js';
// History: the run's starting items
export { type NormalizeInputOptions, normalizeInput, type RunInput } from './history/normalize-input.js';
// History: replaying output items
export { messageText, toReplayItem, toReplayItems } from './history/replay-item.js';
// History: MiMo's rules, checked before every request
export { validateHistory } from './history/validate-history.js';
// Run state (checkpoints and resume): the loop itself
export { type LoopOptions, runFromState, type StepInfo } from './loop/run-from-state.js';
// Turns: executing one turn's calls
export { CANCELLED_OUTPUT, type RunToolCallsOptions, runToolCalls } from './loop/run-tool-calls.js';
// Durable runs: resume(), streamResume()
export { type ResumeOptions, resume, streamResume } from './resume.js';
// Running agents: run(), streamRun(), streamRunFromState()
export {
  DEFAULT_MAX_TOOL_CONCURRENCY,
  DEFAULT_MAX_TURNS,
  type RunFromStateOptions,
  run,
  streamRun,
  streamRunFromState,
} from './run.js';
// Running agents: options
export type { RunOptions } from './run-options.js';
// Running agents: results
export type { RunResult, RunResultStatus, ToolCallRecord, TurnRecord } from './run-result.js';
// Run state (checkpoints and resume): the plain JSON state
export {
  type CreateRunStateOptions,
  createRunState,
  type PendingToolTurn,
  type RunState,
} from './run-state.js';
// Running agents: the event stream
export { type RunStarter, RunStream } from './run-stream.js';
// Stop conditions
export {
  costBudgetIs,
  hasToolCall,
  type StopCondition,
  type StopConditionInput,
  shouldStop,
  stepCountIs,
  tokenBudgetIs,
} from './stop-conditions.js';
// Turns: folding argument deltas into calls
export {
  type AccumulatedCall,
  type ArgumentsDeltaResult,
  type ArgumentsDoneResult,
  CallAccumulator,
} from './turn/call-accumulator.js';
// Turns: streaming one turn, resent whole on a mid-stream failure
export { type StreamedTurn, type StreamTurnOptions, streamTurn } from './turn/stream-turn.js';
// Turns: folding a turn's events into output items
export { type AssembledTurn, TurnAssembler } from './turn/turn-assembler.js';
// Usage and cost: tokens
export { addUsage, emptyUsage, formatUsage, fromResponseUsage, type RunUsage } from './usage.js';
