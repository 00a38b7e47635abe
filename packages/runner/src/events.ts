import type { ToolErrorKind } from '@mimo-agents/tools';
import type { ToolApprovalRequest } from './approvals/tool-approval-request.js';
import type { RunCost } from './cost.js';
import type { RunResultStatus } from './run-result.js';
import type { RunUsage } from './usage.js';

/** The run began: its id (use it to correlate logs, checkpoints and tool idempotency keys). */
export interface RunStartedEvent {
  type: 'run.started';
  runId: string;
  agent: string;
  model: string;
}

/** A model request for turn `turn` (1-based) is about to be sent; `attempt` counts resends of that turn. */
export interface TurnStartedEvent {
  type: 'turn.started';
  turn: number;
  attempt: number;
  /** True for the last request sent without tools by `onMaxTurns: 'final-answer'`. */
  toolsDisabled: boolean;
}

/** A piece of the model's reasoning text. */
export interface ReasoningDeltaEvent {
  type: 'reasoning.delta';
  turn: number;
  itemId: string;
  delta: string;
}

/** A piece of the model's answer text. */
export interface TextDeltaEvent {
  type: 'text.delta';
  turn: number;
  itemId: string;
  delta: string;
}

/** A piece of a tool call's JSON arguments, with everything received so far for that call. */
export interface ToolArgumentsDeltaEvent {
  type: 'tool.arguments.delta';
  turn: number;
  itemId: string;
  callId: string;
  name: string;
  delta: string;
  /** The arguments accumulated so far (not yet valid JSON, as a rule). */
  snapshot: string;
}

/** Two sources of one call's arguments disagreed; `used` is the one the runner kept. */
export interface ToolArgumentsMismatchEvent {
  type: 'tool.arguments.mismatch';
  turn: number;
  callId: string;
  /** Which comparison failed: the joined deltas vs the `.done` string, or the call vs `response.completed.output`. */
  source: 'deltas' | 'completed';
  used: string;
  other: string;
}

/**
 * Something in a turn's output the runner could not use as it came; the run goes on. `code`:
 * `unknown_output_item`: an item of a type the runner does not know (a hosted tool's `web_search_call`,
 * …) stays in the turn's record (`otherItems`) and `responses` but is left out of the replayed history
 * (MiMo refuses hosted tools, so it could not take it back); `streamed_call_not_in_output`: the stream
 * announced a call that `response.completed.output` does not hold, so it is not executed.
 */
export interface TurnWarningEvent {
  type: 'turn.warning';
  turn: number;
  code: 'unknown_output_item' | 'streamed_call_not_in_output';
  /** The item's `type` as the server sent it. */
  itemType: string;
  itemId?: string;
  message: string;
}

/** A tool is about to run (only after the model turn that asked for it has ended). */
export interface ToolCalledEvent {
  type: 'tool.called';
  turn: number;
  callId: string;
  name: string;
  arguments: string;
}

/** A running tool reported progress with `ctx.progress(message, data)` (rate- and size-limited by `toolLimits`). */
export interface ToolProgressEvent {
  type: 'tool.progress';
  turn: number;
  callId: string;
  name: string;
  /** At most `toolLimits.maxProgressChars` characters (default 1 000). */
  message: string;
  /** The tool's `data`, when its JSON fit in `maxProgressChars`. */
  data?: Record<string, unknown>;
}

/**
 * A tool's output was longer than its `maxOutputChars` and was cut: the model reads the first
 * `maxOutputChars` characters and a `…[truncated N chars]` marker. Comes just before its `tool.completed`.
 */
export interface ToolOutputTruncatedEvent {
  type: 'tool.output.truncated';
  turn: number;
  callId: string;
  name: string;
  /** Length of the whole output, in characters. */
  originalChars: number;
  /** The cap that applied. */
  maxOutputChars: number;
}

/** One function call a model turn asked for, as it asked (before it runs: no outcome yet). */
export interface TurnToolCall {
  callId: string;
  name: string;
  /** The raw JSON arguments string. */
  arguments: string;
}

/** A tool finished; `outcome` is `ok` or `error` (then `errorKind` says why); `output` is what the model will read. */
export interface ToolCompletedEvent {
  type: 'tool.completed';
  turn: number;
  callId: string;
  name: string;
  outcome: 'ok' | 'error';
  errorKind?: ToolErrorKind;
  output: string;
  durationMs: number;
}

/**
 * A call waits for a person: the run ends `interrupted` after this (the state holding the approval is
 * saved first). Answer it with `resume({ decisions: [{ approvalId, approve }] })`.
 */
export interface ToolApprovalRequestedEvent extends ToolApprovalRequest {
  type: 'tool.approval_requested';
}

/** The turn failed before its terminal event; its partial output is discarded and it is sent again. */
export interface TurnRetriedEvent {
  type: 'turn.retried';
  turn: number;
  /** The attempt about to start (2 for the first resend). */
  attempt: number;
  reason: string;
  delayMs: number;
  /** Stream events of the failed attempt that are now void. */
  discardedEvents: number;
}

/** A model turn ended (`completed` or `incomplete`); tools, if any, run next. */
export interface TurnCompletedEvent {
  type: 'turn.completed';
  turn: number;
  responseId: string;
  status: 'completed' | 'incomplete';
  incompleteReason?: string;
  /**
   * The calls this turn asked for, in order, before any runs (the same calls as
   * `result.turns[i].toolCalls`, which later also carry each outcome); `[]` for a final answer.
   */
  toolCalls: TurnToolCall[];
  usage: RunUsage;
  /** The turn's cost, when the run was given `prices`. */
  cost?: RunCost;
  durationMs: number;
}

/**
 * Which step a checkpoint was saved after: the run's start, a model turn (before its tools run), a tool
 * about to start, a tool outcome, a turn's outputs added to the history, a context policy's cut, or the
 * end (any status).
 */
export type CheckpointStep =
  | 'start'
  | 'turn'
  | 'tool.started'
  | 'tool.completed'
  | 'tools.committed'
  | 'context.compacted'
  | 'end';

/** The run state was saved to the `checkpoint` store; nothing after this step runs before the save resolved. */
export interface CheckpointSavedEvent {
  type: 'checkpoint.saved';
  runId: string;
  step: CheckpointStep;
  /** 1, 2, 3… over the whole run, resumes included (the saved state carries it as `checkpointSeq`). */
  seq: number;
  /** Model turns recorded so far. */
  turn: number;
  /** The call, for `tool.started` and `tool.completed`. */
  callId?: string;
}

/**
 * A context policy cut the history before the request of `turn` (saved first when the run is durable):
 * which policy, the items and estimated input tokens before and after, the limit that was passed, and
 * for `summarize` the compaction request's usage (already in the run's) and cost.
 */
export interface ContextCompactedEvent {
  type: 'context.compacted';
  turn: number;
  policy: 'trim' | 'summarize' | 'custom';
  itemsBefore: number;
  itemsAfter: number;
  /** The spans `[start, end)` of the old history that were dropped or summarised (not for `custom`). */
  removed?: { start: number; end: number }[];
  tokensBefore: number;
  tokensAfter: number;
  limit: number;
  usage?: RunUsage;
  cost?: RunCost;
}

/** The run ended without error (a final answer, a `stopWhen` stop, an incomplete turn, or an approval pause). */
export interface RunCompletedEvent {
  type: 'run.completed';
  runId: string;
  status: RunResultStatus;
  finalOutput: string | undefined;
  turns: number;
  usage: RunUsage;
  /** The run's cost, when it was given `prices`. */
  cost?: RunCost;
}

/**
 * An event of a sub-agent run (an `agentTool` call), on its parent's stream: `agent` is the path of
 * agent names from the top run's agent to the one that emitted `event` (e.g. `['triage', 'billing']`).
 */
export interface AgentEventEvent {
  type: 'agent.event';
  agent: string[];
  /** The parent's call id of the `agentTool` call that started the sub-run (the outermost one). */
  callId: string;
  /** The sub-run's own event, never itself an `agent.event` (nesting lengthens `agent` instead). */
  event: Exclude<RunEvent, AgentEventEvent>;
}

/** The run continues with another agent: the model called a handoff's transfer tool. */
export interface AgentHandoffEvent {
  type: 'agent.handoff';
  turn: number;
  callId: string;
  from: string;
  to: string;
}

/** Every event of a run, discriminated on `type`; all are plain JSON. */
export type RunEvent =
  | AgentEventEvent
  | AgentHandoffEvent
  | RunStartedEvent
  | TurnStartedEvent
  | ReasoningDeltaEvent
  | TextDeltaEvent
  | ToolArgumentsDeltaEvent
  | ToolArgumentsMismatchEvent
  | TurnWarningEvent
  | ToolCalledEvent
  | ToolProgressEvent
  | ToolOutputTruncatedEvent
  | ToolCompletedEvent
  | ToolApprovalRequestedEvent
  | TurnRetriedEvent
  | TurnCompletedEvent
  | CheckpointSavedEvent
  | ContextCompactedEvent
  | RunCompletedEvent;

/** The `type` of any run event. */
export type RunEventType = RunEvent['type'];
