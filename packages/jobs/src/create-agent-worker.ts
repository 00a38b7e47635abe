import { ConfigError, type MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  ApprovalError,
  type ApprovalSecret,
  CheckpointCorruptError,
  CheckpointNotFoundError,
  type CheckpointStore,
  deleteRunCheckpoints,
  type FinalOutput,
  type Instrumentation,
  type OutputSpec,
  ResumeMismatchError,
  type RunResult,
  type RunState,
} from '@mimo-agents/runner';
import { type ConnectionOptions, type Job, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { AgentJobData, AgentJobResult } from './agent-job.js';
import type { CheckpointChangeLogOptions } from './checkpoint-change-log.js';
import { canExpire, checkKeepFinishedFor, keepFinishedRuns } from './finished-retention.js';
import { keepRunOwned, type RunOwnerRenewal } from './keep-run-owned.js';
import { createProgressPublisher, type ProgressEventFilter } from './progress-publisher.js';
import { createRedisCheckpointStore, type RedisConnectionOptions } from './redis-checkpoint-store.js';
import { type RunOrResumeOptions, runOrResume, type WorkerRunSettings } from './run-or-resume.js';
import {
  isRunOwnedElsewhere,
  resolveRunOwnership,
  takeRunForJob,
  workerRunOwnerPrefix,
} from './run-ownership.js';
import { UnknownAgentError } from './unknown-agent-error.js';

/**
 * Options of `createAgentWorker`. `TOutput` (the agents' `output` schema; one per worker) types the
 * job results; `TContext` the run context its tools read.
 */
export interface CreateAgentWorkerOptions<
  TOutput extends OutputSpec | undefined = undefined,
  TContext = unknown,
> {
  /** The BullMQ queue name to serve. */
  queue: string;
  /**
   * Redis for BullMQ, as BullMQ takes it (ioredis options, or an ioredis client with
   * `maxRetriesPerRequest: null`); the default checkpoint store uses it too.
   */
  connection: ConnectionOptions;
  /** The agent that runs jobs naming none. Optional when `agents` is given (then its first one is the default). */
  agent?: Agent<TOutput, TContext>;
  /** More agents a job can name by `name` (`enqueueAgentRun(queue, { agent: 'billing', … })`). */
  agents?: readonly Agent<TOutput, TContext>[];
  client: MimoClient;
  /** Jobs run at once by this worker (default 1). */
  concurrency?: number;
  /**
   * Where runs are checkpointed. Default: Redis on `connection`, keys
   * `mimo-agents:checkpoint:<queue>:<runId>`, written only while this worker holds the job's lock.
   */
  checkpoint?: CheckpointStore<RunState>;
  /**
   * The default checkpoint store's change log (what the inspector polls): `{ maxRuns, ttlSeconds }`,
   * or `false` for none. Default on, 10,000 run ids, 1 h. Not used with your own `checkpoint`.
   */
  checkpointChangeLog?: CheckpointChangeLogOptions | false;
  /** Passed to every run: `maxTurns`, `stopWhen`, `context` (a job's own `context` replaces it), … */
  settings?: WorkerRunSettings<TOutput, TContext>;
  /** Which run events become job progress (default: all but the `*.delta` events). */
  progressEvents?: ProgressEventFilter;
  /**
   * Traces every run of the worker (fresh, resumed, continued after approvals), e.g.
   * `otelInstrumentation()` from `@mimo-agents/otel`; wins over `settings.instrumentation`.
   */
  instrumentation?: Instrumentation;
  /**
   * Delete a run's checkpoint, and those its sub-agent runs left (`<runId>/<callId>`, recursively), once
   * BullMQ has recorded its job as completed (default true).
   */
  deleteCheckpointOnComplete?: boolean;
  /**
   * Instead of deleting it, keep a finished run's checkpoint (and its sub-runs') this many ms, then
   * let Redis expire it (1 s to 30 days; default: unset, see `deleteCheckpointOnComplete`). Finished: the
   * job completed with any status but `interrupted`, or failed with no retry left. Running and
   * interrupted runs never expire. Needs a store with `expire()` (the default Redis store has it).
   */
  keepFinishedFor?: number;
  /** How long a job's lock lasts without renewal, ms (BullMQ default 30 000). A dead worker's job stalls after it. */
  lockDuration?: number;
  /** How often workers look for stalled jobs, ms (BullMQ default 30 000). */
  stalledInterval?: number;
  /** Stalls (crashes) a job may survive before it fails (default 5: a stall resumes, it does not restart). */
  maxStalledCount?: number;
  /**
   * How long a run's owner record (which job drives the run; default store only) lives after its job
   * ended or died, ms (1 min to 30 days, and above lockDuration + stalledInterval; default 1 day, or
   * lockDuration + stalledInterval + 1 min when that is longer). An active job renews it every
   * min(lockDuration, runOwnerTtl / 3). It keeps a stale job of a finished run from starting it over.
   * Unused (and unchecked, as are runBusyRetryDelay and maxRunBusyWait) with a `checkpoint` store you pass.
   */
  runOwnerTtl?: number;
  /** How long a job whose run another live job drives waits before it looks again, ms (default 1000; 10 ms to 10 min). */
  runBusyRetryDelay?: number;
  /** How long such a job waits in all before it fails with `RunOwnedElsewhereError`, ms (default 1 h; 1 s to 7 days). */
  maxRunBusyWait?: number;
  /** Any other BullMQ worker option. */
  workerOptions?: Omit<WorkerOptions, 'connection' | 'concurrency'>;
  /** When set, the decisions of continuation jobs must be signed with it (`signApprovalDecision`). */
  approvalSecret?: ApprovalSecret;
  /** Runs one job; default `runOrResume`. A seam for tests and for custom run wiring. */
  runAgent?: (options: RunOrResumeOptions<TOutput, TContext>) => Promise<RunResult<FinalOutput<TOutput>>>;
}

/** A running agent worker; `TResult` is its jobs' `finalOutput` type. */
export interface AgentWorker<TResult = string> {
  /** The underlying BullMQ worker (events: `completed`, `failed`, `progress`, `stalled`…). */
  readonly worker: Worker<AgentJobData, AgentJobResult<TResult>>;
  /** The store runs are checkpointed in. */
  readonly checkpoint: CheckpointStore<RunState>;
  /** Stops taking jobs, waits for active ones (unless `force`), closes what the worker opened. */
  close(force?: boolean): Promise<void>;
}

/**
 * Serves a BullMQ queue of agent runs. Each job is a durable run checkpointed after every model turn
 * and tool outcome; when a worker dies, BullMQ marks its job stalled and hands it to another worker,
 * which resumes from the checkpoint (tools with a recorded outcome are not run again). Run events are
 * published as job progress. A run that pauses for approval completes its job with status `interrupted`
 * and `interruptions` (its checkpoint kept); `submitApprovalDecisions` enqueues the continuation.
 * @example
 * const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
 * const { worker } = createAgentWorker({ queue: 'agents', connection, agent, client, concurrency: 4 });
 * worker.on('completed', (job, result) => console.log(job.id, result.finalOutput));
 */
export function createAgentWorker<TOutput extends OutputSpec | undefined = undefined, TContext = unknown>(
  options: CreateAgentWorkerOptions<TOutput, TContext>,
): AgentWorker<FinalOutput<TOutput>> {
  type Result = AgentJobResult<FinalOutput<TOutput>>;
  const { client } = options;
  const pickAgent = agentPicker(options);
  checkKeepFinishedFor(options);
  // BullMQ takes `workerOptions` over the options of their own (see `new Worker` below).
  const lockDuration = options.workerOptions?.lockDuration ?? options.lockDuration;
  const stalledInterval = options.workerOptions?.stalledInterval ?? options.stalledInterval;
  // Run ownership lives in the default store (its owner records): a store you pass goes without it,
  // so its settings are neither resolved nor checked then.
  const ownership =
    options.checkpoint === undefined
      ? resolveRunOwnership({
          ...options,
          ...(lockDuration === undefined ? {} : { lockDuration }),
          ...(stalledInterval === undefined ? {} : { stalledInterval }),
        })
      : undefined;
  const ownStore = options.checkpoint === undefined ? defaultStore(options) : undefined;
  const checkpoint: CheckpointStore<RunState> = options.checkpoint ?? ownStore!;
  const runAgent = options.runAgent ?? runOrResume<TOutput, TContext>;
  const settings =
    options.instrumentation === undefined
      ? options.settings
      : { ...options.settings, instrumentation: options.instrumentation };

  const processor = async (
    job: Job<AgentJobData, Result>,
    token?: string,
    signal?: AbortSignal,
  ): Promise<Result> => {
    const runId = runIdOf(job);
    let agent: Agent<TOutput, TContext>;
    try {
      agent = pickAgent(job.data.agent);
    } catch (error) {
      // No retry can make the worker grow the agent the job names.
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
    const progress = createProgressPublisher({
      send: (event) => job.updateProgress(event),
      ...(options.progressEvents === undefined ? {} : { events: options.progressEvents }),
      onError: (error, event) =>
        client.logger.warn({ err: error, runId, event: event.type }, 'job progress update failed'),
    });
    // The default store refuses writes once this worker has lost the job to another worker, or the run
    // to another job of the same run id; and a job starts only once no other live job drives its run.
    let store = checkpoint;
    let renewal: RunOwnerRenewal | undefined;
    if (ownStore !== undefined && ownership !== undefined && token !== undefined && job.id !== undefined) {
      const ownerKey = `${workerRunOwnerPrefix(options.queue)}${runId}`;
      await takeRunForJob({
        redis: ownStore.redis,
        job,
        token,
        runId,
        jobKeyPrefix: `${worker.qualifiedName}:`,
        ownerKey,
        checkpointKey: ownStore.keyFor(runId),
        settings: ownership,
      });
      store = ownStore.fenced({
        key: `${worker.qualifiedName}:${job.id}:lock`,
        token,
        owner: { key: ownerKey, jobId: job.id, ttlMs: ownership.ownerTtlMs },
      });
      // Held while the job runs, not only renewed by saves: a tool call may outlast runOwnerTtl. Stopped
      // in the `finally` right below: nothing between here and that `try` can throw.
      renewal = keepRunOwned({
        redis: ownStore.redis,
        ownerKey,
        jobId: job.id,
        ttlMs: ownership.ownerTtlMs,
        everyMs: ownership.renewEveryMs,
        onError: (error) => client.logger.warn({ err: error, runId }, 'run owner renewal failed'),
      });
    }
    try {
      const result = await runAgent({
        client,
        agent,
        runId,
        input: job.data.input,
        job,
        // A job's context is JSON from the queue: the worker trusts it as it trusts the job's input.
        ...(job.data.context === undefined ? {} : { context: job.data.context as TContext }),
        checkpoint: store,
        onEvent: (event) => progress.publish(event),
        ...(signal === undefined ? {} : { signal }),
        ...(settings === undefined ? {} : { settings }),
        ...(job.data.approvals === undefined ? {} : { approvals: job.data.approvals }),
        ...(options.approvalSecret === undefined ? {} : { approvalSecret: options.approvalSecret }),
      });
      await progress.flush();
      return toJobResult(result);
    } catch (error) {
      await progress.flush();
      // Retrying cannot fix a corrupt, mismatched or missing checkpoint (each attempt could cost a
      // model request), and starting over could repeat side effects.
      if (
        error instanceof CheckpointCorruptError ||
        error instanceof ResumeMismatchError ||
        error instanceof CheckpointNotFoundError
      )
        throw new UnrecoverableError(error.message);
      // Nor a decision that does not fit the paused run (forged, edited, stale): nothing ran.
      if (error instanceof ApprovalError) throw new UnrecoverableError(error.message);
      throw error;
    } finally {
      renewal?.stop();
    }
  };

  const worker = new Worker<AgentJobData, Result>(options.queue, processor, {
    maxStalledCount: options.maxStalledCount ?? 5,
    ...(options.lockDuration === undefined ? {} : { lockDuration: options.lockDuration }),
    ...(options.stalledInterval === undefined ? {} : { stalledInterval: options.stalledInterval }),
    ...options.workerOptions,
    connection: options.connection,
    concurrency: options.concurrency ?? 1,
  });
  // A worker that cannot renew a job's lock has lost it (or soon will): stop that run early.
  worker.on('lockRenewalFailed', (jobIds) => {
    for (const jobId of jobIds) worker.cancelJob(jobId, 'the job lock was lost');
  });
  if (options.keepFinishedFor !== undefined && canExpire(checkpoint)) {
    keepFinishedRuns(worker as unknown as Worker, {
      // A job that another job's run ownership turned away, or that lost its run to another job while it
      // ran, did not finish the run: no expiry on a run another job drives.
      ranTheRun: (error) => !isRunOwnedElsewhere(error),
      store: checkpoint,
      keepFor: options.keepFinishedFor,
      runIdOf,
      client,
    });
  } else if (options.deleteCheckpointOnComplete !== false) {
    // Only after BullMQ recorded the completion: deleting earlier could let a re-delivery start over.
    worker.on('completed', (job, result) => {
      // An interrupted run waits for decisions: its checkpoint is what the continuation resumes.
      if (result.status === 'interrupted') return;
      deleteRunCheckpoints(checkpoint, runIdOf(job)).catch((error: unknown) => {
        client.logger.warn({ err: error, runId: runIdOf(job) }, 'checkpoint delete failed');
      });
    });
  }

  return {
    worker,
    checkpoint,
    async close(force) {
      await worker.close(force);
      await ownStore?.close();
    },
  };
}

/** Finds a job's agent by name among the worker's; the default one when the job names none. */
function agentPicker<TOutput extends OutputSpec | undefined, TContext>(
  options: CreateAgentWorkerOptions<TOutput, TContext>,
): (name: string | undefined) => Agent<TOutput, TContext> {
  const all = [...(options.agent === undefined ? [] : [options.agent]), ...(options.agents ?? [])];
  const fallback = all[0];
  if (fallback === undefined)
    throw new ConfigError({
      field: 'agent',
      problem: 'missing',
      fix: 'pass createAgentWorker({ agent }) or createAgentWorker({ agents: [...] })',
    });
  const byName = new Map<string, Agent<TOutput, TContext>>();
  for (const agent of all) {
    const known = byName.get(agent.name);
    if (known !== undefined && known !== agent)
      throw new ConfigError({
        field: 'agents',
        problem: `two agents are named ${JSON.stringify(agent.name)}`,
        fix: 'give every agent of a worker its own name: jobs pick agents by name',
      });
    byName.set(agent.name, agent);
  }
  return (name) => {
    if (name === undefined) return fallback;
    const agent = byName.get(name);
    if (agent === undefined) throw new UnknownAgentError({ agent: name, available: [...byName.keys()] });
    return agent;
  };
}

function runIdOf(job: Job<AgentJobData, unknown>): string {
  return job.data.runId ?? job.id ?? '';
}

/** The key prefix of the default checkpoint store of a worker on `queue` (to open the same store elsewhere). */
export function workerCheckpointPrefix(queue: string): string {
  return `mimo-agents:checkpoint:${queue}:`;
}

function defaultStore(options: {
  queue: string;
  connection: ConnectionOptions;
  client: MimoClient;
  checkpointChangeLog?: CheckpointChangeLogOptions | false;
}) {
  const prefix = workerCheckpointPrefix(options.queue);
  const { connection } = options;
  const changeLog =
    options.checkpointChangeLog === undefined ? {} : { changeLog: options.checkpointChangeLog };
  const onConnectionError = (error: Error): void => {
    options.client.logger.warn({ err: error }, 'checkpoint store connection error');
  };
  return isClient(connection)
    ? createRedisCheckpointStore({ redis: connection, prefix, ...changeLog })
    : // BullMQ's connection options are ioredis options (it builds an ioredis client from them).
      createRedisCheckpointStore({
        connection: connection as RedisConnectionOptions,
        prefix,
        onConnectionError,
        ...changeLog,
      });
}

function isClient(connection: ConnectionOptions | Redis): connection is Redis {
  return connection instanceof Redis;
}

function toJobResult<T>(result: RunResult<T>): AgentJobResult<T> {
  const out: AgentJobResult<T> = {
    runId: result.runId,
    status: result.status,
    turns: result.turns.length,
    usage: result.usage,
  };
  if (result.finalOutput !== undefined) out.finalOutput = result.finalOutput;
  if (result.interruptions !== undefined) out.interruptions = result.interruptions;
  return out;
}
