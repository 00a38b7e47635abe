import type { InputItem, Response } from '@mimo-agents/core';
import type { ToolErrorKind } from '@mimo-agents/tools';
import type { SubRunInterruption } from './agents/sub-run-interruption.js';
import type { ToolApprovalRequest } from './approvals/tool-approval-request.js';
import type { ToolCallApproval } from './approvals/tool-call-approval.js';
import type { CompactionRecord } from './context/compaction-record.js';
import type { RunCost } from './cost.js';
import type { RunUsage } from './usage.js';

/**
 * How a run ended: `completed` (a final message without calls), `incomplete` (a turn was cut off by
 * `max_output_tokens` or `content_filter`: never a final answer), `stopped` (a `stopWhen` predicate),
 * `interrupted` (calls wait for a person: see `interruptions`, continue with `resume({ decisions })`),
 * `max_turns`, `aborted` and `output_invalid` (only seen on the `partialResult` of the matching errors:
 * `MaxTurnsExceededError`, `RunAbortedError`, `StructuredOutputError`).
 */
export type RunResultStatus =
  | 'completed'
  | 'incomplete'
  | 'stopped'
  | 'interrupted'
  | 'max_turns'
  | 'aborted'
  | 'output_invalid';

/** One tool call of a turn and, once it ran, its outcome. */
export interface ToolCallRecord {
  callId: string;
  name: string;
  arguments: string;
  /**
   * How many times execution was started (set just before each start). A call resumed from a saved
   * state after a crash runs with `ctx.attempt = attempts + 1`, so a tool can tell it may be a repeat.
   */
  attempts?: number;
  /** Absent until the call has run (or was cancelled). */
  outcome?: 'ok' | 'error';
  /**
   * Why the call failed; `not_run` when the runner answered it without running it (incomplete turn,
   * tools disabled); `rejected` when a person declined it.
   */
  errorKind?: ToolErrorKind | 'not_run' | 'rejected';
  /** Set when the call's tool needed approval: the approval id, what it binds to, and the decision. */
  approval?: ToolCallApproval;
  /** Set when the call is an `agentTool` whose sub-run stopped for approvals (see `SubRunInterruption`). */
  subRun?: SubRunInterruption;
  /** The string sent back to the model as `function_call_output.output`. */
  output?: string;
  durationMs?: number;
}

/** One model turn: what it cost, how long it took and which tools it called. */
export interface TurnRecord {
  /** 1-based turn number. */
  turn: number;
  responseId: string;
  status: 'completed' | 'incomplete';
  incompleteReason?: string;
  /** The answer text of this turn ('' for a turn of only tool calls). */
  text: string;
  toolCalls: ToolCallRecord[];
  usage: RunUsage;
  /** What `usage` cost, when the run was given `prices`. */
  cost?: RunCost;
  /** Wall time of the model request(s), resends included, tools excluded. */
  durationMs: number;
  /** How many times the turn was resent after a mid-stream failure (the partial answers carried no usage). */
  retries: number;
  /** Requests the client retried before any event arrived (429, 5xx, connection failures): wasted, with no usage. */
  requestRetries?: number;
  /**
   * Output items of a type the runner does not know (e.g. a hosted tool's `web_search_call`), as the
   * server sent them: kept here, left out of the replayed history (a `turn.warning` names each).
   */
  otherItems?: Record<string, unknown>[];
}

/**
 * What a run returns. `history` is exactly what to resend (plus new input) for a follow-up run.
 * `TOutput` is `string` for a text answer, the schema's type (`z.infer`) for an agent with `output`.
 */
export interface RunResult<TOutput = string> {
  runId: string;
  status: RunResultStatus;
  /**
   * The final answer; `undefined` unless `status` is `completed` (or `stopped` on a turn with text).
   * With `agent.output`: the validated object (a `stopped` run has none).
   */
  finalOutput: TOutput | undefined;
  /** Set when `status` is `incomplete`: `max_output_tokens`, `content_filter`, … */
  incompleteReason?: string;
  /** The whole conversation: the input followed by `newItems`; valid to resend as is. */
  history: InputItem[];
  /** The items this run added after its input. */
  newItems: InputItem[];
  turns: TurnRecord[];
  /** Summed over all turns. */
  usage: RunUsage;
  /** What `usage` cost, summed over the turns, when the run was given `prices`. */
  cost?: RunCost;
  /**
   * Requests whose answer was thrown away (turn resends plus client retries); their tokens are not in
   * `usage` (a dropped answer carries none). Always set by the runner.
   */
  wastedRequests?: number;
  /** Every cut the run's context policy made (absent when it made none). */
  compactions?: CompactionRecord[];
  /** Set when `status` is `interrupted`: the calls waiting for a person's decision. */
  interruptions?: ToolApprovalRequest[];
  /** The name of the agent that answered last (the run's agent, or the last handoff's target). */
  lastAgent?: string;
  /**
   * The final `Response` object of each turn, in order (turns restored from a saved state have none).
   * What it echoes of the request is the run's own value where equal (`tools`: the agent's frozen
   * definitions array; `instructions`, `model`; the small `metadata`/`reasoning`/`text` objects are
   * frozen and shared between runs): same content, held once. Treat them as read-only.
   */
  responses: Response[];
}
