import type { MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  type CheckpointStore,
  type FinalOutput,
  type OutputSpec,
  type RunEvent,
  type RunInput,
  type RunOptions,
  type RunResult,
  type RunState,
  streamResume,
  streamRun,
} from '@mimo-agents/runner';
import type { Job } from 'bullmq';
import type { AgentJobData, AgentJobResult } from './agent-job.js';

/**
 * Run settings a worker passes through to every run (turn limits, stop conditions, prices, tool
 * context…). What identifies the run and where it is saved (`runId`, `input`, `checkpoint`) comes from
 * the job and the worker, so it cannot be set here.
 */
export type WorkerRunSettings<TOutput extends OutputSpec | undefined = undefined, TContext = unknown> = Omit<
  RunOptions<TOutput, TContext>,
  'client' | 'agent' | 'input' | 'history' | 'runId' | 'signal' | 'checkpoint'
>;

/** Options of `runOrResume`; `TOutput` and `TContext` as in the runner's `RunOptions`. */
export interface RunOrResumeOptions<TOutput extends OutputSpec | undefined = undefined, TContext = unknown> {
  client: MimoClient;
  agent: Agent<TOutput, TContext>;
  runId: string;
  /** Used only when the run has no checkpoint yet. */
  input: RunInput;
  /** Where the run is saved at every step: the runner's `checkpoint` option. */
  checkpoint: CheckpointStore<RunState>;
  signal?: AbortSignal;
  /** Sees every run event, in order. */
  onEvent?: (event: RunEvent) => void;
  settings?: WorkerRunSettings<TOutput, TContext>;
  /** The run's own `ctx.context`; replaces `settings.context` when set (a job's `data.context`). */
  context?: TContext;
  /** The BullMQ job being run, when called by a worker (its `data`, `id`, `attemptsMade`…). */
  job?: Job<AgentJobData, AgentJobResult<FinalOutput<TOutput>>>;
}

/**
 * Starts a durable run, or continues it: loads the checkpoint of `runId`; if there is one,
 * `streamResume()` continues it (`input` is ignored), else `streamRun()` starts it from `input` with the
 * store as its `checkpoint`. Everything else (saves, replayed outcomes, `ctx.attempt`, a finished run
 * returning its saved result, `CheckpointCorruptError`, `ResumeMismatchError`) is the runner's.
 * @example
 * const result = await runOrResume({ client, agent, runId: 'order-1234', input: 'Invoice order 1234.', checkpoint });
 */
export async function runOrResume<TOutput extends OutputSpec | undefined = undefined, TContext = unknown>(
  options: RunOrResumeOptions<TOutput, TContext>,
): Promise<RunResult<FinalOutput<TOutput>>> {
  const { client, agent, runId, checkpoint } = options;
  const common = {
    ...options.settings,
    ...(options.context === undefined ? {} : { context: options.context }),
    client,
    agent,
    runId,
    checkpoint,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const saved = await checkpoint.load(runId);
  const stream = saved === undefined ? streamRun({ ...common, input: options.input }) : streamResume(common);
  try {
    for await (const event of stream) options.onEvent?.(event);
  } catch {
    // The run's error is rethrown by finalResult() below.
  }
  return stream.finalResult();
}
