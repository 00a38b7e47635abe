// Running agents
export type { Agent, ModelSettings } from './agent.js';
// Requests and the final-answer strategy
export {
  type BuildRequestOptions,
  buildRequest,
  DEFAULT_FINAL_ANSWER_PROMPT,
  type FinalAnswerStrategy,
  flattenToolItems,
} from './build-request.js';
// Errors
export { HistoryValidationError } from './errors/history-validation-error.js';
export { MaxTurnsExceededError } from './errors/max-turns-exceeded-error.js';
export { RunAbortedError } from './errors/run-aborted-error.js';

// Run events
export type {
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
// History
export { type NormalizeInputOptions, normalizeInput, type RunInput } from './history/normalize-input.js';
export { messageText, toReplayItem, toReplayItems } from './history/replay-item.js';
export { validateHistory } from './history/validate-history.js';
// Run state (checkpoints and resume)
export { type LoopOptions, runFromState } from './loop/run-from-state.js';
export {
  DEFAULT_MAX_TOOL_CONCURRENCY,
  DEFAULT_MAX_TURNS,
  type RunFromStateOptions,
  run,
  streamRun,
  streamRunFromState,
} from './run.js';
export type { RunOptions } from './run-options.js';
export type { RunResult, RunResultStatus, ToolCallRecord, TurnRecord } from './run-result.js';
export {
  type CreateRunStateOptions,
  createRunState,
  type PendingToolTurn,
  type RunState,
} from './run-state.js';
export { type RunStarter, RunStream } from './run-stream.js';
// Stop conditions
export {
  hasToolCall,
  type StopCondition,
  type StopConditionInput,
  shouldStop,
  stepCountIs,
} from './stop-conditions.js';
export { CANCELLED_OUTPUT, type RunToolCallsOptions, runToolCalls } from './tools/run-tool-calls.js';
// Turns and calls
export {
  type AccumulatedCall,
  type ArgumentsDeltaResult,
  type ArgumentsDoneResult,
  CallAccumulator,
} from './turn/call-accumulator.js';
export { type StreamedTurn, type StreamTurnOptions, streamTurn } from './turn/stream-turn.js';
export { type AssembledTurn, TurnAssembler } from './turn/turn-assembler.js';
// Usage
export { addUsage, emptyUsage, formatUsage, fromResponseUsage, type RunUsage } from './usage.js';
