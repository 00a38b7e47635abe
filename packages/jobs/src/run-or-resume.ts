import type { MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  type ApprovalSecret,
  CheckpointNotFoundError,
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
import type { AgentJobApprovals, AgentJobData, AgentJobResult } from './agent-job.js';

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
  /** Decisions of a continuation job: the run must exist, and they apply only to the pause they answer. */
  approvals?: AgentJobApprovals;
  /** When set, decisions must be signed with it (`signApprovalDecision`). */
  approvalSecret?: ApprovalSecret;
}

/**
 * Starts a durable run, or continues it: loads the checkpoint of `runId`; if there is one,
 * `streamResume()` continues it (`input` is ignored), else `streamRun()` starts it from `input` with the
 * store as its `checkpoint`. Everything else (saves, replayed outcomes, `ctx.attempt`, a finished run
 * returning its saved result, `CheckpointCorruptError`, `ResumeMismatchError`) is the runner's. With
 * `approvals` (a continuation job) the checkpoint must exist, and the decisions are applied only while
 * the saved state is the interrupted one they answer.
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
  const { approvals } = options;
  // A continuation never starts a run: without its checkpoint there is nothing it may approve.
  if (approvals !== undefined && saved === undefined) throw new CheckpointNotFoundError({ runId });
  // Its decisions answer one pause; once applied (and saved at the resume's start) they are not sent again.
  const decide =
    approvals !== undefined &&
    saved?.status === 'interrupted' &&
    (saved.checkpointSeq ?? 0) === approvals.afterSeq;
  const decisions = decide
    ? {
        decisions: approvals.decisions,
        ...(approvals.undecided === undefined ? {} : { undecided: approvals.undecided }),
        ...(approvals.undecidedReason === undefined ? {} : { undecidedReason: approvals.undecidedReason }),
      }
    : {};
  const secret = options.approvalSecret === undefined ? {} : { approvalSecret: options.approvalSecret };
  const stream =
    saved === undefined
      ? streamRun({ ...common, input: options.input })
      : streamResume({ ...common, checkpoint: preloaded(checkpoint, runId, saved), ...decisions, ...secret });
  try {
    for await (const event of stream) options.onEvent?.(event);
  } catch {
    // The run's error is rethrown by finalResult() below.
  }
  return stream.finalResult();
}

/**
 * The store as the resume sees it: its first load of `runId` returns `state`, which `runOrResume` has
 * just loaded and decoded, instead of loading and decoding it again; every other call goes to `store`.
 * (The resume may change that object: `runOrResume` reads nothing of it afterwards.)
 */
function preloaded(
  store: CheckpointStore<RunState>,
  runId: string,
  state: RunState,
): CheckpointStore<RunState> {
  let first: RunState | undefined = state;
  return {
    save: (id, value) => store.save(id, value),
    load: (id) => {
      const loaded = id === runId ? first : undefined;
      if (loaded === undefined) return store.load(id);
      first = undefined;
      return Promise.resolve(loaded);
    },
    delete: (id) => store.delete(id),
  };
}
