import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script.js';

/**
 * Renews the run's owner record only while it still names this job: KEYS[1] owner, ARGV[1] job id,
 * ARGV[2] ttl ms. Returns 1 when renewed, 0 when there is no record (it is not created: the job's next
 * save takes it), -1 when another job owns the run.
 */
const RENEW = new LuaScript(`
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
if owner == false then return 0 end
return -1`);

/** Options of `keepRunOwned`. */
export interface KeepRunOwnedOptions {
  redis: Redis;
  /** The run's owner key. */
  ownerKey: string;
  /** The job that owns the run. */
  jobId: string;
  /** The owner record's expiry, set again at each renewal (`runOwnerTtl`). */
  ttlMs: number;
  /** Time between two renewals, ms (the worker: min(lockDuration, ttlMs / 3)). */
  everyMs: number;
  /** Told about a renewal that failed (Redis unreachable); the next one is still tried. */
  onError?: (error: unknown) => void;
}

/**
 * A running renewal; `stop()` ends it at once (idempotent): no renewal starts after it. One already in
 * flight is not awaited (it can only renew the record of this job, as a save would).
 */
export interface RunOwnerRenewal {
  stop(): void;
  /** Whether a renewal is scheduled or in flight (none soon after `stop()`, or once another job owns the run). */
  readonly active: boolean;
}

/**
 * Keeps a job's hold on its run while the job is active: every `everyMs` the owner record's expiry is
 * set to `ttlMs` again, atomically and only while the record still names `jobId`, so a tool call longer
 * than `ttlMs` does not let the record expire under the running job (and a stale job of the run take it
 * over). Saves renew it too; this covers the time between them. One timer at a time (the next is set
 * once a renewal ended, so renewals never pile up on a slow Redis), unref'd, and none after `stop()` or
 * once another job owns the run. An absent record is left absent (the next save takes it) and the
 * renewals go on.
 */
export function keepRunOwned(options: KeepRunOwnedOptions): RunOwnerRenewal {
  const { redis, ownerKey, jobId, ttlMs, everyMs } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;
  const renew = async (): Promise<void> => {
    let reply: unknown;
    try {
      reply = await RENEW.run(redis, [ownerKey], [jobId, String(ttlMs)]);
    } catch (error) {
      options.onError?.(error);
      reply = 1;
    }
    // Another job owns the run now: its own timer and saves keep the record, not this job's. An absent
    // record (it expired while Redis was unreachable) is not: the job's next save takes it again, and
    // the renewals after that save keep it.
    if (reply === -1) stopped = true;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = true;
      void renew().finally(() => {
        inFlight = false;
        schedule();
      });
    }, everyMs);
    timer.unref();
  };
  schedule();
  return {
    get active() {
      return timer !== undefined || inFlight;
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
