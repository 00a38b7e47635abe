import {
  type CheckpointStore,
  CheckpointStoreError,
  decodeCheckpoint,
  encodeCheckpoint,
  type RunState,
} from '@mimo-agents/runner';
import { Redis, type RedisOptions } from 'ioredis';
import {
  type CheckpointChangeLogOptions,
  resolveChangeLog,
  type WriteLock,
  type WriteOutcome,
  writeCheckpoint,
} from './checkpoint-change-log.js';
import { CheckpointFencedError } from './checkpoint-fenced-error.js';

/** Options of `createRedisCheckpointStore`: give a client to share, or connection settings to own one. */
export type RedisCheckpointStoreOptions = RedisCheckpointStoreCommonOptions &
  (
    | {
        /** An ioredis client you own: the store uses it and never closes it. */
        redis: Redis;
        connection?: never;
      }
    | {
        /** A `redis://` URL or ioredis options: the store opens its own client and `close()` closes it. */
        connection: string | RedisConnectionOptions;
        redis?: never;
      }
  );

/** ioredis connection options (RESP2 replies: the store reads plain strings). */
export type RedisConnectionOptions = Omit<RedisOptions, 'replyMapping'>;

/** Settings shared by both ways of connecting. */
export interface RedisCheckpointStoreCommonOptions {
  /** Key prefix; the key of a run is `<prefix><runId>`. Default `mimo-agents:checkpoint:`. */
  prefix?: string;
  /** Expire checkpoints this many seconds after their last save (unset: keep until deleted). */
  ttlSeconds?: number;
  /**
   * Records each save and delete, in the same Redis script as the write, in a bounded change log that
   * the inspector polls instead of reading every key (see docs/inspector.md). Default on (10,000 run
   * ids, 1 h expiry after the last write); `false` writes no log.
   */
  changeLog?: CheckpointChangeLogOptions | false;
  /**
   * Called with the connection errors of a client the store opened itself (Redis down, reconnecting).
   * Default: ignored, since every command that fails also rejects with a `CheckpointStoreError`. The
   * store always listens, so ioredis never prints "Unhandled error event".
   */
  onConnectionError?: (error: Error) => void;
}

/** A checkpoint store in Redis. */
export interface RedisCheckpointStore<State = RunState> extends CheckpointStore<State> {
  /** The ioredis client in use. */
  readonly redis: Redis;
  /** The Redis key of a run's checkpoint. */
  keyFor(runId: string): string;
  /**
   * A view of this store whose `save` and `delete` write only while `lock.key` still holds
   * `lock.token` and, with `lock.owner`, while the run's owner key names `owner.jobId` (an absent one is
   * taken; each write renews it for `owner.ttlMs`), all checked inside Redis atomically with the write,
   * else throw `CheckpointFencedError`. The BullMQ worker uses it with the job's lock and the run's owner
   * so that a worker that lost its job (a long stall), or a job whose run another job took over (a
   * continuation), cannot overwrite the checkpoint of the one that drives the run now.
   */
  fenced(lock: WriteLock): CheckpointStore<State>;
  /**
   * Makes a run's checkpoint expire `ttlMs` milliseconds from now (Redis PEXPIRE); resolves false when
   * there is no such checkpoint. A later save replaces the value and the expiry with it (the store's
   * `ttlSeconds`, or none).
   */
  expire(runId: string, ttlMs: number): Promise<boolean>;
  /** Closes the client if the store opened it; a no-op for a client you passed in. */
  close(): Promise<void>;
}

/**
 * A store that keeps each run's encoded checkpoint under one Redis key. `SET` replaces the value in one
 * step, so a reader sees the previous checkpoint or the new one; a damaged value is reported as
 * `CheckpointCorruptError`, an unreachable server as `CheckpointStoreError`. Each save and delete is
 * also recorded in a bounded change log (`changeLog`), in the same script as the write.
 * @example
 * const checkpoint = createRedisCheckpointStore({ connection: 'redis://127.0.0.1:6379' });
 * // … later
 * await checkpoint.close();
 */
export function createRedisCheckpointStore<State = RunState>(
  options: RedisCheckpointStoreOptions,
): RedisCheckpointStore<State> {
  const prefix = options.prefix ?? 'mimo-agents:checkpoint:';
  const log = resolveChangeLog(prefix, options.changeLog);
  const owned = options.redis === undefined;
  const redis = options.redis ?? openClient(options.connection, options.onConnectionError);
  const keyFor = (runId: string): string => `${prefix}${runId}`;
  const where = (runId: string): string => {
    const { host, port } = redis.options;
    return `Redis key "${keyFor(runId)}" on ${host ?? '127.0.0.1'}:${port ?? 6379}`;
  };
  const failure = (runId: string, operation: 'save' | 'load' | 'delete', cause: unknown) =>
    new CheckpointStoreError(
      {
        runId,
        location: where(runId),
        operation,
        fix: 'check that Redis is running and reachable, then retry.',
      },
      { cause },
    );

  const write = async (
    runId: string,
    operation: 'save' | 'delete',
    value: string,
    lock?: WriteLock,
  ): Promise<void> => {
    let written: WriteOutcome;
    try {
      written = await writeCheckpoint(redis, {
        key: keyFor(runId),
        runId,
        value,
        ttlSeconds: options.ttlSeconds,
        log,
        ...(lock === undefined ? {} : { lock }),
      });
    } catch (error) {
      throw failure(runId, operation, error);
    }
    if (written === 'written' || lock === undefined) return;
    if (written === 'run_owner_changed' && lock.owner !== undefined)
      throw new CheckpointFencedError({ runId, lockKey: lock.owner.key, reason: 'run_owner_changed' });
    throw new CheckpointFencedError({ runId, lockKey: lock.key, reason: 'job_lock_lost' });
  };

  const store: RedisCheckpointStore<State> = {
    redis,
    keyFor,
    save: (runId, state) => write(runId, 'save', encodeCheckpoint({ runId, state })),
    async load(runId) {
      let text: string | null;
      try {
        text = await redis.get(keyFor(runId));
      } catch (error) {
        throw failure(runId, 'load', error);
      }
      if (text === null) return undefined;
      return decodeCheckpoint<State>(text, { runId, location: where(runId) }).state;
    },
    delete: (runId) => write(runId, 'delete', ''),
    async expire(runId, ttlMs) {
      try {
        return (await redis.pexpire(keyFor(runId), Math.round(ttlMs))) === 1;
      } catch (error) {
        throw failure(runId, 'save', error);
      }
    },
    fenced(lock) {
      return {
        load: (runId) => store.load(runId),
        save: (runId, state) => write(runId, 'save', encodeCheckpoint({ runId, state }), lock),
        delete: (runId) => write(runId, 'delete', '', lock),
      };
    },
    async close() {
      if (!owned || redis.status === 'end') return;
      // quit() resolves on the server's OK; wait for the socket to be gone as well.
      const ended = new Promise((resolve) => redis.once('end', resolve));
      await redis.quit().catch(() => redis.disconnect());
      await ended;
    },
  };
  return store;
}

/**
 * Opens an ioredis client; commands fail after a few reconnect attempts instead of queueing forever.
 * Its `error` events go to `onError` (an emitter without a listener would print them, or throw).
 */
function openClient(
  connection: string | RedisConnectionOptions,
  onError: ((error: Error) => void) | undefined,
): Redis {
  const redis =
    typeof connection === 'string'
      ? new Redis(connection, { maxRetriesPerRequest: 3 })
      : new Redis({ maxRetriesPerRequest: 3, ...connection });
  redis.on('error', (error: Error) => onError?.(error));
  return redis;
}
