import { ConfigError } from '@mimo-agents/core';
import type { RunInput } from '@mimo-agents/runner';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { AGENT_JOB_NAME, type AgentJobData, type AgentJobResult } from './agent-job.js';
import { plainJsonContext } from './plain-json-context.js';

/** Options of `enqueueAgentRun`. */
export interface EnqueueAgentRunOptions {
  /** The run's input: a user message, or items. */
  input: RunInput;
  /**
   * The durable run id, also used as the BullMQ job id so that enqueueing the same run twice adds one
   * job. BullMQ refuses ids that are integers or contain `:`; `/` is refused too (it separates a
   * sub-run's id from its parent's). Default: BullMQ's own job id.
   */
  runId?: string;
  /** The job's own `ctx.context` for its tools (tenant, user…); must be plain JSON (it is stored in Redis). */
  context?: unknown;
  /** The `name` of the worker's agent that runs this job; default the worker's default agent. */
  agent?: string;
  /** BullMQ job options (`attempts`, `backoff`, `removeOnComplete`, …); `jobId` is taken from `runId`. */
  jobOptions?: Omit<JobsOptions, 'jobId'>;
}

/**
 * Adds an agent run to a BullMQ queue served by `createAgentWorker` (`TOutput`: the jobs' `finalOutput` type).
 * @example
 * const queue = new Queue<AgentJobData, AgentJobResult>('agents', { connection });
 * const job = await enqueueAgentRun(queue, { input: 'Weather in Paris?', runId: 'order-1234' });
 */
export async function enqueueAgentRun<TOutput = string>(
  queue: Queue<AgentJobData, AgentJobResult<TOutput>>,
  options: EnqueueAgentRunOptions,
): Promise<Job<AgentJobData, AgentJobResult<TOutput>>> {
  const { runId } = options;
  if (runId !== undefined && (runId === '' || /^\d+$/.test(runId) || runId.includes(':'))) {
    throw new ConfigError({
      field: 'runId',
      problem: `runId ${JSON.stringify(runId)} becomes the BullMQ job id, which must be non-empty, not an integer and without ":"`,
      fix: 'use an id such as "order-1234"',
    });
  }
  // `/` separates a sub-run's id from its parent's: `tenant/order-1` would be read as a sub-run.
  if (runId?.includes('/'))
    throw new ConfigError({
      field: 'runId',
      problem: `runId ${JSON.stringify(runId)} contains "/", which separates a sub-run's id from its parent's ("<runId>/<callId>")`,
      fix: 'use an id without "/", such as "tenant-order-1234"',
    });
  const data: AgentJobData = { input: options.input };
  if (runId !== undefined) data.runId = runId;
  if (options.agent !== undefined) data.agent = options.agent;
  if (options.context !== undefined) data.context = plainJsonContext(options.context);
  const jobOptions: JobsOptions =
    runId === undefined ? { ...options.jobOptions } : { ...options.jobOptions, jobId: runId };
  return queue.add(AGENT_JOB_NAME, data, jobOptions);
}
