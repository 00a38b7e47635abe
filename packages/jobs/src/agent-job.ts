import type { RunInput, RunResultStatus, RunUsage } from '@mimo-agents/runner';

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
}

/** The BullMQ job name used by `enqueueAgentRun` (workers accept any name). */
export const AGENT_JOB_NAME = 'agent-run';
