import { ConfigError } from '@mimo-agents/core';
import { CheckpointNotFoundError } from '@mimo-agents/runner';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AgentJobData } from './agent-job.js';
import { CheckpointFencedError } from './checkpoint-fenced-error.js';
import { claimRun } from './claim-run.js';
import { RunOwnedElsewhereError } from './run-owned-elsewhere-error.js';
import { wholeNumberSetting } from './whole-number-setting.js';

/**
 * Default `runOwnerTtl`: the run's owner record lives one day after the run's last save (or
 * lockDuration + stalledInterval + `RUN_OWNER_TTL_MARGIN_MS`, when that is longer).
 */
export const DEFAULT_RUN_OWNER_TTL_MS = 86_400_000;
/** What the default `runOwnerTtl` adds to lockDuration + stalledInterval when those two are long: 1 min. */
export const RUN_OWNER_TTL_MARGIN_MS = 60_000;
/** Default `runBusyRetryDelay`: a job whose run another job drives looks again after 1 s. */
export const DEFAULT_RUN_BUSY_RETRY_DELAY_MS = 1_000;
/** Default `maxRunBusyWait`: a job waits at most 1 h for another job of its run id to finish. */
export const DEFAULT_MAX_RUN_BUSY_WAIT_MS = 3_600_000;

/** The worker's run ownership settings (see `createAgentWorker`), and the BullMQ timings they depend on. */
export interface RunOwnershipOptions {
  runOwnerTtl?: number;
  runBusyRetryDelay?: number;
  maxRunBusyWait?: number;
  /** The worker's BullMQ `lockDuration`, ms (default 30 000). */
  lockDuration?: number;
  /** The worker's BullMQ `stalledInterval`, ms (default 30 000). */
  stalledInterval?: number;
}

/** Run ownership settings after defaults and checks. */
export interface RunOwnership {
  ownerTtlMs: number;
  retryDelayMs: number;
  maxWaitMs: number;
  /** How often an active job renews its owner record: min(lockDuration, ownerTtlMs / 3). */
  renewEveryMs: number;
}

/** BullMQ's default `lockDuration` and `stalledInterval`, ms. */
const BULLMQ_DEFAULT_LOCK_MS = 30_000;
/** The longest delay `setTimeout` keeps (a longer one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

const OWNER_TTL = { min: 60_000, max: 30 * 86_400_000 } as const;
const BOUNDS = {
  runBusyRetryDelay: { min: 10, max: 600_000, text: '10 to 600000 (10 min)' },
  maxRunBusyWait: { min: 1_000, max: 7 * 86_400_000, text: '1000 (1 s) to 604800000 (7 days)' },
} as const;

/**
 * Applies defaults to the run ownership settings and checks them (a `ConfigError` naming the field).
 * Only a worker on the default store uses them (its owner records).
 */
export function resolveRunOwnership(options: RunOwnershipOptions): RunOwnership {
  const check = (field: keyof typeof BOUNDS, value: number | undefined, fallback: number): number =>
    value === undefined
      ? fallback
      : wholeNumberSetting(
          field,
          value,
          BOUNDS[field],
          `give milliseconds as a whole number from ${BOUNDS[field].text}, or leave it unset (default ${fallback})`,
        );
  const lockMs = options.lockDuration ?? BULLMQ_DEFAULT_LOCK_MS;
  const stalledMs = options.stalledInterval ?? BULLMQ_DEFAULT_LOCK_MS;
  const ownerTtlMs = ownerTtl(options.runOwnerTtl, lockMs, stalledMs);
  const retryDelayMs = check('runBusyRetryDelay', options.runBusyRetryDelay, DEFAULT_RUN_BUSY_RETRY_DELAY_MS);
  const maxWaitMs = check('maxRunBusyWait', options.maxRunBusyWait, DEFAULT_MAX_RUN_BUSY_WAIT_MS);
  // A job looks again at most once before it gives up otherwise.
  if (retryDelayMs > maxWaitMs)
    throw new ConfigError({
      field: 'runBusyRetryDelay',
      problem: `got ${retryDelayMs}, more than maxRunBusyWait (${maxWaitMs})`,
      fix: 'give runBusyRetryDelay at most maxRunBusyWait (a waiting job looks again every runBusyRetryDelay until maxRunBusyWait has passed)',
    });
  return {
    ownerTtlMs,
    retryDelayMs,
    maxWaitMs,
    renewEveryMs: Math.max(1, Math.min(lockMs, Math.floor(ownerTtlMs / 3), MAX_TIMER_MS)),
  };
}

/**
 * `runOwnerTtl`, or its default: 1 day, or lockDuration + stalledInterval + 1 min when that is longer
 * (a long job lock is no reason to refuse a setting the user never gave). A value the user gave must
 * be a whole number of ms from 1 min to 30 days and above lockDuration + stalledInterval: a dead job's
 * hold on its run must outlast its lock and the stalled check that hands the job on, else another job
 * of the run takes the run while the dead one is not yet seen as dead.
 */
function ownerTtl(value: number | undefined, lockMs: number, stalledMs: number): number {
  const sum = lockMs + stalledMs;
  if (value === undefined) return Math.max(DEFAULT_RUN_OWNER_TTL_MS, sum + RUN_OWNER_TTL_MARGIN_MS);
  // The lowest value both checks let through, so the range the error gives is never refused itself.
  const lowest = Math.max(OWNER_TTL.min, sum + 1);
  if (Number.isInteger(value) && value >= lowest && value <= OWNER_TTL.max) return value;
  const belowSum = Number.isInteger(value) && value >= OWNER_TTL.min && value <= sum;
  throw new ConfigError({
    field: 'runOwnerTtl',
    problem: belowSum
      ? `got ${value}, not above lockDuration + stalledInterval (${lockMs} + ${stalledMs} ms)`
      : `got ${value}`,
    fix:
      `give milliseconds as a whole number from ${lowest} to ${OWNER_TTL.max} (30 days), that is at least ` +
      `60000 (1 min) and above lockDuration + stalledInterval (${lockMs} + ${stalledMs} ms); or lower those two; ` +
      'or leave runOwnerTtl unset (default: 1 day, or lockDuration + stalledInterval + 1 min when that is longer)',
  });
}

/** The key prefix of the run owner records of a worker on `queue`: `mimo-agents:run-owner:<queue>:`. */
export function workerRunOwnerPrefix(queue: string): string {
  return `mimo-agents:run-owner:${queue}:`;
}

/**
 * Whether a job's failure says it did not (or no longer) drive its run, so its run is not finished:
 * another job owned it from the start (`RunOwnedElsewhereError`), or took it over while this job ran
 * (`CheckpointFencedError` with reason `run_owner_changed`). Looks at the error and its causes.
 */
export function isRunOwnedElsewhere(error: unknown): boolean {
  let current: unknown = error;
  // A short chain: the worker wraps at most once or twice; the bound keeps a cyclic `cause` harmless.
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof RunOwnedElsewhereError) return true;
    if (current instanceof CheckpointFencedError && current.reason === 'run_owner_changed') return true;
    current = current.cause;
  }
  return false;
}

/** Options of `takeRunForJob`. */
export interface TakeRunForJobOptions {
  redis: Redis;
  job: Job<AgentJobData, unknown>;
  token: string;
  runId: string;
  /** `worker.qualifiedName + ':'`: BullMQ's key prefix of the queue's jobs (locks, job hashes). */
  jobKeyPrefix: string;
  ownerKey: string;
  checkpointKey: string;
  settings: RunOwnership;
}

/**
 * Makes the job the one job that drives its run, before it loads or saves anything. Returns when it
 * does. Otherwise it throws what tells BullMQ what to do with the job: another live job drives the run
 * → the job is moved to the delayed set for `retryDelayMs` (BullMQ's `DelayedError`; no attempt is
 * counted) until `maxWaitMs` has passed, then it fails; another job finished the run (its checkpoint is
 * gone) → it fails at once. Both failures are an `UnrecoverableError` whose `cause` is a
 * `RunOwnedElsewhereError`. A job that lost its own lock gets `CheckpointFencedError`. A run paused for
 * approval is taken by any job (decisions or not): resuming a pause no decision answers saves nothing.
 */
export async function takeRunForJob(options: TakeRunForJobOptions): Promise<void> {
  const { job, token, runId, settings } = options;
  const jobId = job.id ?? runId;
  const claim = await claimRun(options.redis, {
    runId,
    ownerKey: options.ownerKey,
    checkpointKey: options.checkpointKey,
    lockPrefix: options.jobKeyPrefix,
    jobId,
    token,
    ttlMs: settings.ownerTtlMs,
  });
  const refuse = (
    ownerJobId: string,
    reason: 'busy' | 'superseded',
    more: { waitedMs?: number } = {},
  ): never => {
    const cause = new RunOwnedElsewhereError({ runId, jobId, ownerJobId, reason, ...more });
    const error = new UnrecoverableError(cause.message);
    error.cause = cause;
    throw error;
  };
  switch (claim.type) {
    case 'lost':
      throw new CheckpointFencedError({ runId, lockKey: `${options.jobKeyPrefix}${jobId}:lock` });
    case 'superseded':
      // A continuation of a run without a checkpoint has nothing to continue (as runOrResume would say).
      if (job.data.approvals !== undefined)
        throw new UnrecoverableError(new CheckpointNotFoundError({ runId }).message);
      return refuse(claim.owner, 'superseded');
    case 'busy': {
      const now = Date.now();
      const since = job.data.runBusySince ?? now;
      if (now - since >= settings.maxWaitMs) return refuse(claim.owner, 'busy', { waitedMs: now - since });
      if (job.data.runBusySince === undefined) await job.updateData({ ...job.data, runBusySince: since });
      await job.moveToDelayed(now + settings.retryDelayMs, token);
      throw new DelayedError();
    }
    case 'claimed': {
      // A wait that ended: a later one (another delivery) gets its own maxWaitMs.
      if (job.data.runBusySince !== undefined) {
        const { runBusySince: _, ...data } = job.data;
        await job.updateData(data);
      }
      // A job without decisions may take a run paused for approval even while the continuation that
      // answers the pause waits: resuming it returns the saved pause unchanged (same checkpointSeq), so
      // the continuation's decisions still fit when it takes the run next.
      return;
    }
    default: {
      const unknown: never = claim;
      return unknown;
    }
  }
}
