import { ConfigError } from '@mimo-agents/core';
import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script.js';
import { wholeNumberSetting } from './whole-number-setting.js';

/**
 * Settings of the Redis checkpoint store's change log: a sorted set of the run ids saved or deleted
 * lately, each scored by a sequence number, which the inspector polls instead of reading every key.
 */
export interface CheckpointChangeLogOptions {
  /** Most run ids kept (the oldest changes go first). 100 to 1,000,000; default 10,000. */
  maxRuns?: number;
  /** The log expires this many seconds after its last write. 60 to 2,592,000 (30 days); default 3,600. */
  ttlSeconds?: number;
}

/** The change log's settings after defaults and checks. */
export interface ResolvedChangeLog {
  /** The sorted set: member run id, score the sequence number of its last save or delete. */
  logKey: string;
  /** A hash without expiry: `seq` (last sequence number), `trimmed` (highest score dropped for the cap). */
  metaKey: string;
  maxRuns: number;
  ttlMs: number;
}

/** Every change log key starts with this; no checkpoint key of a store may (the inspector skips them). */
export const CHANGE_LOG_KEY_PREFIX = 'mimo-agents:changes:';
/** Default most run ids in the change log. */
export const DEFAULT_CHANGE_LOG_MAX_RUNS = 10_000;
/** Default change log expiry after its last write, in seconds. */
export const DEFAULT_CHANGE_LOG_TTL_SECONDS = 3_600;

/** The change log's Redis keys for a checkpoint key prefix (the store writes them, the inspector reads them). */
export function changeLogKeys(prefix: string): { logKey: string; metaKey: string } {
  return { logKey: `${CHANGE_LOG_KEY_PREFIX}${prefix}`, metaKey: `${CHANGE_LOG_KEY_PREFIX}${prefix}:meta` };
}

/** Applies defaults to the change log settings and checks them (a `ConfigError` naming the field). */
export function resolveChangeLog(
  prefix: string,
  options: CheckpointChangeLogOptions | false | undefined,
): ResolvedChangeLog | undefined {
  if (options === false) return undefined;
  const maxRuns = options?.maxRuns ?? DEFAULT_CHANGE_LOG_MAX_RUNS;
  const ttlSeconds = options?.ttlSeconds ?? DEFAULT_CHANGE_LOG_TTL_SECONDS;
  wholeNumberSetting(
    'changeLog.maxRuns',
    maxRuns,
    { min: 100, max: 1_000_000 },
    'give the most run ids the change log keeps as a whole number from 100 to 1000000, e.g. 10_000 (or changeLog: false for no log)',
  );
  wholeNumberSetting(
    'changeLog.ttlSeconds',
    ttlSeconds,
    { min: 60, max: 2_592_000 },
    'give the seconds the change log lives after its last write as a whole number from 60 to 2592000 (30 days), e.g. 3600',
  );
  const keys = changeLogKeys(prefix);
  if (prefix === '' || keys.logKey.startsWith(prefix) || prefix.startsWith(CHANGE_LOG_KEY_PREFIX))
    throw new ConfigError({
      field: 'prefix',
      problem: `"${prefix}" would hold the change log's own keys (${keys.logKey})`,
      fix: 'use a prefix such as mimo-agents:checkpoint: (the default), or pass changeLog: false',
    });
  return { ...keys, maxRuns, ttlMs: ttlSeconds * 1000 };
}

/**
 * Writes or deletes one checkpoint and, when a log is given, records the change in the same script
 * (atomic: a reader never sees a save the log misses). The log's sequence number is the meta hash's
 * `seq`; past `maxRuns` entries the lowest-scored go and `trimmed` keeps the highest score dropped.
 * A log recreated after it expired (its entries gone with it) marks everything before as dropped
 * (`trimmed` = seq - 1), so a reader that had not read them all rescans instead of missing them.
 * A fenced write first checks the job's lock (0 when it does not hold the token) and, with a run owner
 * key, that the run's owner is this job (-1 when another job owns it; an absent owner is taken, and the
 * owner key's expiry renewed, so it outlives the run's last save by its ttl).
 * KEYS[1] checkpoint, KEYS[2] log, KEYS[3] meta, KEYS[4] lock, KEYS[5] run owner (fenced writes only).
 * ARGV[1] value ('' = delete), ARGV[2] ttl seconds ('' = none), ARGV[3] log on ('1') or off ('0'),
 * ARGV[4] run id, ARGV[5] log max runs, ARGV[6] log ttl ms, ARGV[7] lock token, ARGV[8] owner job id,
 * ARGV[9] owner ttl ms.
 */
const WRITE = new LuaScript(`
if KEYS[4] ~= nil and redis.call('GET', KEYS[4]) ~= ARGV[7] then return 0 end
if KEYS[5] ~= nil then
  local owner = redis.call('GET', KEYS[5])
  if owner and owner ~= ARGV[8] then return -1 end
  redis.call('SET', KEYS[5], ARGV[8], 'PX', tonumber(ARGV[9]))
end
if ARGV[1] == '' then redis.call('DEL', KEYS[1])
elseif ARGV[2] == '' then redis.call('SET', KEYS[1], ARGV[1])
else redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2])) end
if ARGV[3] == '1' then
  local fresh = redis.call('EXISTS', KEYS[2]) == 0
  local seq = redis.call('HINCRBY', KEYS[3], 'seq', 1)
  if fresh and seq > 1 then redis.call('HSET', KEYS[3], 'trimmed', seq - 1) end
  redis.call('ZADD', KEYS[2], seq, ARGV[4])
  local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
  if over > 0 then
    local last = redis.call('ZRANGE', KEYS[2], over - 1, over - 1, 'WITHSCORES')
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
    redis.call('HSET', KEYS[3], 'trimmed', last[2])
  end
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
return 1`);

/** One checkpoint write for `writeCheckpoint`. */
export interface CheckpointWrite {
  key: string;
  runId: string;
  /** The encoded checkpoint; `''` deletes. */
  value: string;
  ttlSeconds: number | undefined;
  log: ResolvedChangeLog | undefined;
  /** Write only while `lock.key` holds `lock.token` (and, with `lock.owner`, while the run's owner is that job). */
  lock?: WriteLock;
}

/** The fence of a write: a BullMQ job lock, and optionally the run's owner record. */
export interface WriteLock {
  key: string;
  token: string;
  /** The run's owner key, the job id that must own it, and how long the owner record outlives this write. */
  owner?: { key: string; jobId: string; ttlMs: number };
}

/** What a write did: written, or refused by the job lock or by the run's owner. */
export type WriteOutcome = 'written' | 'job_lock_lost' | 'run_owner_changed';

/**
 * Runs the write script (EVALSHA, loading it with EVAL the first time the server lacks it); a fenced
 * write resolves with the fence that refused it, if one did.
 */
export async function writeCheckpoint(redis: Redis, write: CheckpointWrite): Promise<WriteOutcome> {
  const { log, lock } = write;
  const keys = [write.key, log?.logKey ?? write.key, log?.metaKey ?? write.key];
  if (lock !== undefined) keys.push(lock.key);
  if (lock?.owner !== undefined) keys.push(lock.owner.key);
  const args = [
    write.value,
    write.ttlSeconds === undefined ? '' : String(write.ttlSeconds),
    log === undefined ? '0' : '1',
    write.runId,
    String(log?.maxRuns ?? 0),
    String(log?.ttlMs ?? 0),
    lock?.token ?? '',
    lock?.owner?.jobId ?? '',
    String(lock?.owner?.ttlMs ?? 0),
  ];
  const result = await WRITE.run(redis, keys, args);
  return result === 1 ? 'written' : result === -1 ? 'run_owner_changed' : 'job_lock_lost';
}
