import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/** A job named an agent that the worker serving it does not have. Not retryable: the job fails at once. */
export class UnknownAgentError extends MimoError {
  /** The agent name the job asked for. */
  readonly agent: string;
  /** The agent names the worker has. */
  readonly available: readonly string[];

  constructor(fields: { agent: string; available: readonly string[] }, options: MimoErrorOptions = {}) {
    super(
      'job_agent_unknown',
      `Invalid job agent (${JSON.stringify(fields.agent)} is not one of this worker's agents: ${fields.available.join(', ')}). ` +
        'Fix: enqueue the job with one of those names, or add the agent to createAgentWorker({ agents }).',
      { ...options, retryable: false },
    );
    this.agent = fields.agent;
    this.available = fields.available;
  }
}
