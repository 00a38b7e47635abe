import type {
  ApprovalDecision,
  RunInput,
  RunResultStatus,
  RunUsage,
  ToolApprovalRequest,
} from '@mimo-agents/runner';

/** The data of one agent-run job on a BullMQ queue. */
export interface AgentJobData {
  /** The run's input: a user message, or items (a previous `history` plus a new message). */
  input: RunInput;
  /** The durable run id (checkpoint key, tool idempotency keys); defaults to the job id. */
  runId?: string;
  /**
   * This job's own `ctx.context` for its tools (tenant, user, …), stored with the job as JSON, so a run
   * resumed on another worker gets it too. When set, it replaces the worker's `settings.context`.
   */
  context?: unknown;
  /** The `name` of the worker's agent that runs this job (see `createAgentWorker({ agents })`); default the worker's default agent. */
  agent?: string;
  /** Set on a continuation job (`submitApprovalDecisions`): it only resumes, never starts a run. */
  approvals?: AgentJobApprovals;
  /**
   * Set by the worker: when (ms since epoch) this job first found its run driven by another job of the
   * same run id; it waits (delayed, retried) at most the worker's `maxRunBusyWait` from then.
   */
  runBusySince?: number;
}

/** The decisions a continuation job carries for one pause of an interrupted run. */
export interface AgentJobApprovals {
  /**
   * The `checkpointSeq` of the interrupted state they answer: applied only while the saved state is
   * still that one (a redelivered job finds them already applied and saved, and just resumes).
   */
  afterSeq: number;
  decisions: ApprovalDecision[];
  undecided?: 'wait' | 'reject';
  undecidedReason?: string;
}

/**
 * What an agent-run job returns (stored by BullMQ as the job's `returnvalue`). `TOutput` is the
 * agent's `finalOutput` type: `string`, or the validated object of an agent with `output`.
 */
export interface AgentJobResult<TOutput = string> {
  runId: string;
  status: RunResultStatus;
  /** The final answer (the validated object with `agent.output`); absent unless the run completed (or stopped on a turn with text). */
  finalOutput?: TOutput;
  /** Model turns the run took, counting those done before a crash. */
  turns: number;
  usage: RunUsage;
  /** Set when `status` is `interrupted`: the calls waiting for a decision (`submitApprovalDecisions`). */
  interruptions?: ToolApprovalRequest[];
}

/** The BullMQ job name used by `enqueueAgentRun` (workers accept any name). */
export const AGENT_JOB_NAME = 'agent-run';
