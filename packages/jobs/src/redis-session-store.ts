import type { InputItem } from '@mimo-agents/core';
import {
  CheckpointStoreError,
  decodeCheckpoint,
  encodeCheckpoint,
  SessionConflictError,
  type SessionStore,
} from '@mimo-agents/runner';
import type { Redis } from 'ioredis';

/** Options of `createRedisSessionStore`. */
export interface RedisSessionStoreOptions {
  /** An ioredis client you own (the store never closes it). */
  redis: Redis;
  /** Key prefix; a session's hash is `<prefix><sessionId>`. Default `mimo-agents:session:`. */
  prefix?: string;
  /** Expire a session this many seconds after its last save (unset: keep until deleted). */
  ttlSeconds?: number;
}

/** A session store in Redis. */
export interface RedisSessionStore extends SessionStore {
  /** The Redis key of a session. */
  keyFor(sessionId: string): string;
}

// KEYS[1] session hash; ARGV[1] expected version, ARGV[2] encoded history, ARGV[3] ttl seconds ('' = none).
// Returns { 1, new version } or { 0, current version } (0 when there is none).
const COMPARE_AND_SET = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return {0, current} end
local next = current + 1
redis.call('HSET', KEYS[1], 'version', next, 'history', ARGV[2])
if ARGV[3] ~= '' then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3])) end
return {1, next}`;

/**
 * A session store in Redis: each session is one hash (`version`, `history`), and `save` is one Lua
 * script that compares the version and writes, atomically on the server, so two runs saving one
 * session from any number of processes cannot both win.
 * @example
 * const sessions = createRedisSessionStore({ redis: new Redis('redis://127.0.0.1:6379') });
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): RedisSessionStore {
  const { redis } = options;
  const prefix = options.prefix ?? 'mimo-agents:session:';
  const keyFor = (sessionId: string): string => `${prefix}${sessionId}`;
  const where = (sessionId: string): string => {
    const { host, port } = redis.options;
    return `Redis key "${keyFor(sessionId)}" on ${host ?? '127.0.0.1'}:${port ?? 6379}`;
  };
  const failure = (sessionId: string, operation: 'save' | 'load' | 'delete', cause: unknown) =>
    new CheckpointStoreError(
      {
        runId: sessionId,
        location: where(sessionId),
        operation,
        fix: 'check that Redis is running and reachable, then retry.',
      },
      { cause },
    );
  return {
    keyFor,
    async load(sessionId) {
      let fields: (string | null)[];
      try {
        fields = await redis.hmget(keyFor(sessionId), 'version', 'history');
      } catch (error) {
        throw failure(sessionId, 'load', error);
      }
      const [version, text] = fields;
      if (version === null || version === undefined || text === null || text === undefined) return undefined;
      const history = decodeCheckpoint<InputItem[]>(text, {
        runId: sessionId,
        location: where(sessionId),
      }).state;
      return { version: Number(version), history };
    },
    async save(sessionId, history, expectedVersion) {
      const text = encodeCheckpoint({ runId: sessionId, state: history });
      const ttl = options.ttlSeconds === undefined ? '' : String(options.ttlSeconds);
      let reply: unknown;
      try {
        reply = await redis.eval(COMPARE_AND_SET, 1, keyFor(sessionId), String(expectedVersion), text, ttl);
      } catch (error) {
        throw failure(sessionId, 'save', error);
      }
      const [written, version] = Array.isArray(reply) ? reply.map(Number) : [0, 0];
      if (written === 1 && version !== undefined) return version;
      throw new SessionConflictError({
        sessionId,
        expectedVersion,
        actualVersion: version === 0 || version === undefined ? undefined : version,
        history: [...history],
      });
    },
    async delete(sessionId) {
      try {
        await redis.del(keyFor(sessionId));
      } catch (error) {
        throw failure(sessionId, 'delete', error);
      }
    },
  };
}
