import { CheckpointStoreError } from '@mimo-agents/runner';
import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script.js';

/**
 * Takes the run's owner record for a job, atomically. The owner key holds the id of the job that drives
 * the run; that job is alive while its BullMQ lock key (`<lockPrefix><jobId>:lock`) exists.
 * - the job's own lock does not hold its token: `lost`;
 * - another job owns the run and its lock exists: `busy` (it runs, or died less than a lockDuration ago);
 * - another job owns the run, has no lock, and the run has no checkpoint: `superseded` (that job
 *   finished the run and its checkpoint was deleted; taking it would start the run over);
 * - else (no owner, this job, or a lock-less owner of a run with a checkpoint): `claimed`, the owner key
 *   set to this job with expiry `ttlMs`.
 * The owner's lock key is read by name from the owner's value: the script needs a single Redis, as the
 * fenced write does. KEYS[1] owner, KEYS[2] this job's lock, KEYS[3] checkpoint. ARGV[1] job id,
 * ARGV[2] lock token, ARGV[3] lock key prefix (`bull:<queue>:`), ARGV[4] owner ttl ms.
 */
const CLAIM = new LuaScript(`
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return {'lost', ''} end
local owner = redis.call('GET', KEYS[1])
local saved = redis.call('EXISTS', KEYS[3])
if owner and owner ~= ARGV[1] then
  if redis.call('EXISTS', ARGV[3] .. owner .. ':lock') == 1 then return {'busy', owner} end
  if saved == 0 then return {'superseded', owner} end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[4]))
if saved == 1 then return {'claimed', owner or '', 'saved'} end
return {'claimed', owner or '', ''}`);

/** What `claimRun` found. */
export type RunClaim =
  /** This job owns the run now; `checkpoint`: the run has one; `previous`: the job that owned it before, if another. */
  | { type: 'claimed'; checkpoint: boolean; previous?: string }
  /** Another job owns the run and still holds its lock. */
  | { type: 'busy'; owner: string }
  /** Another job owned the run and finished it (no checkpoint left): this job must not start it over. */
  | { type: 'superseded'; owner: string }
  /** This job's own lock is gone: another worker has the job now. */
  | { type: 'lost' };

/** Options of `claimRun`. */
export interface ClaimRunOptions {
  runId: string;
  /** The run's owner key (`<queue's owner prefix><runId>`). */
  ownerKey: string;
  /** The run's checkpoint key. */
  checkpointKey: string;
  /** The BullMQ key prefix of the queue's jobs (`worker.qualifiedName + ':'`). */
  lockPrefix: string;
  jobId: string;
  /** The job's lock token (the processor's `token`). */
  token: string;
  /** How long the owner record lives after this claim (each fenced save renews it). */
  ttlMs: number;
}

/**
 * Takes a run's owner record for a job if no other live job drives the run (see the script above).
 * Redis errors (and a reply of another shape) reject with `CheckpointStoreError`.
 */
export async function claimRun(redis: Redis, options: ClaimRunOptions): Promise<RunClaim> {
  const keys = [options.ownerKey, `${options.lockPrefix}${options.jobId}:lock`, options.checkpointKey];
  const args = [options.jobId, options.token, options.lockPrefix, String(options.ttlMs)];
  const failed = (cause: unknown) =>
    new CheckpointStoreError(
      {
        runId: options.runId,
        location: `Redis key "${options.ownerKey}" (the run's owner)`,
        operation: 'load',
        fix: 'check that Redis is running and reachable (a single Redis, not a cluster), then retry.',
      },
      { cause },
    );
  const reply = await CLAIM.run(redis, keys, args).catch((cause: unknown) => {
    throw failed(cause);
  });
  const [type, owner, saved] = Array.isArray(reply) ? (reply as string[]) : [];
  switch (type) {
    case 'claimed':
      return owner === undefined || owner === '' || owner === options.jobId
        ? { type, checkpoint: saved === 'saved' }
        : { type, checkpoint: saved === 'saved', previous: owner };
    case 'busy':
    case 'superseded':
      return { type, owner: owner ?? '' };
    case 'lost':
      return { type };
    default:
      throw failed(new Error(`unexpected reply from the claim script: ${JSON.stringify(reply)}`));
  }
}
