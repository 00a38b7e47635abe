import { ConfigError, type MimoClient } from '@mimo-agents/core';
import type { CheckpointStore, RunState } from '@mimo-agents/runner';
import type { Job, Worker } from 'bullmq';
import { wholeNumberSetting } from './whole-number-setting.js';

/** Shortest `keepFinishedFor`: 1 second. */
export const MIN_KEEP_FINISHED_FOR_MS = 1_000;
/** Longest `keepFinishedFor`: 30 days. */
export const MAX_KEEP_FINISHED_FOR_MS = 30 * 24 * 3_600_000;
/** Most sub-run checkpoints (agentTool runs, `<runId>/<callId>`) given the same expiry as their run. */
const MAX_SUB_RUNS = 1_000;
const MAX_DEPTH = 8;

/** A checkpoint store that can make a checkpoint expire (the Redis store). */
export interface ExpiringCheckpointStore extends CheckpointStore<RunState> {
  expire(runId: string, ttlMs: number): Promise<boolean>;
}

/**
 * Checks `keepFinishedFor` against its bounds and the worker's other options, before the worker opens
 * anything (`checkpoint` undefined: the worker's default Redis store, which can expire checkpoints).
 */
export function checkKeepFinishedFor(options: {
  keepFinishedFor?: number;
  deleteCheckpointOnComplete?: boolean;
  checkpoint?: CheckpointStore<RunState>;
}): void {
  const { keepFinishedFor, deleteCheckpointOnComplete, checkpoint } = options;
  if (keepFinishedFor === undefined) return;
  wholeNumberSetting(
    'keepFinishedFor',
    keepFinishedFor,
    { min: MIN_KEEP_FINISHED_FOR_MS, max: MAX_KEEP_FINISHED_FOR_MS },
    `give the milliseconds to keep a finished run's checkpoint as a whole number from ${MIN_KEEP_FINISHED_FOR_MS} (1 s) to ${MAX_KEEP_FINISHED_FOR_MS} (30 days), e.g. 3_600_000 for an hour`,
  );
  if (deleteCheckpointOnComplete === true)
    throw new ConfigError({
      field: 'keepFinishedFor',
      problem: 'was given together with deleteCheckpointOnComplete: true',
      fix: 'keep finished runs for a while (keepFinishedFor) or delete them at once (deleteCheckpointOnComplete), not both',
    });
  if (checkpoint !== undefined && !canExpire(checkpoint))
    throw new ConfigError({
      field: 'keepFinishedFor',
      problem: "the worker's checkpoint store cannot expire checkpoints (it has no expire(runId, ttlMs))",
      fix: 'use the default store or createRedisCheckpointStore(), or leave keepFinishedFor unset',
    });
}

/** Whether a store can make checkpoints expire. */
export function canExpire(store: CheckpointStore<RunState>): store is ExpiringCheckpointStore {
  return typeof (store as Partial<ExpiringCheckpointStore>).expire === 'function';
}

/**
 * Gives a finished run's checkpoint, and those of its sub-runs, an expiry: when BullMQ records a job as
 * completed (any status but `interrupted`: a run waiting for decisions never expires) or as failed for
 * good (no retry left). A run that is still running or waiting keeps no expiry.
 */
export function keepFinishedRuns(
  worker: Worker,
  options: {
    store: ExpiringCheckpointStore;
    keepFor: number;
    runIdOf: (job: Job) => string;
    client: MimoClient;
    /** Whether a failed job's error means it drove its run (default: always); a job turned away did not. */
    ranTheRun?: (error: Error) => boolean;
  },
): void {
  const expire = (job: Job) => {
    const runId = options.runIdOf(job);
    expireRunTree(options.store, runId, options.keepFor).catch((error: unknown) => {
      options.client.logger.warn({ err: error, runId }, 'checkpoint expiry failed');
    });
  };
  worker.on('completed', (job, result: { status?: string }) => {
    if (result?.status !== 'interrupted') expire(job);
  });
  worker.on('failed', (job, error) => {
    if (options.ranTheRun?.(error) === false) return;
    // BullMQ sets finishedOn only when the job will not be retried.
    if (job !== undefined && typeof job.finishedOn === 'number') expire(job);
  });
}

/** Expires a run's checkpoint and, found through its calls, its sub-runs' (bounded). */
export async function expireRunTree(
  store: ExpiringCheckpointStore,
  runId: string,
  ttlMs: number,
): Promise<number> {
  let expired = 0;
  const visit = async (id: string, depth: number): Promise<void> => {
    if (expired >= MAX_SUB_RUNS + 1) return;
    const state = await store.load(id).catch(() => undefined);
    if (!(await store.expire(id, ttlMs))) return;
    expired += 1;
    if (state === undefined || depth >= MAX_DEPTH) return;
    const calls = [
      ...(Array.isArray(state.turns) ? state.turns : []).flatMap((turn) => turn.toolCalls ?? []),
      ...(state.pending?.calls ?? []),
    ];
    const seen = new Set<string>();
    for (const call of calls) {
      if (seen.has(call.callId)) continue;
      seen.add(call.callId);
      await visit(`${id}/${call.callId}`, depth + 1);
    }
  };
  await visit(runId, 0);
  return expired;
}
