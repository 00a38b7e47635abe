import { decodeCheckpoint, type RunState } from '@mimo-agents/runner';
import { Redis } from 'ioredis';
import { checkRedisUrl } from './check-redis-url.js';
import { damagedSummary } from './file-run-source.js';
import { RunIndex } from './run-index.js';
import { describeError, type RunDetail, type RunSource } from './run-source.js';
import { summarizeRun } from './run-summary.js';

/** Options of `createRedisRunSource`. */
export interface RedisRunSourceOptions {
  /** A `redis://` or `rediss://` (TLS) URL, with its user, password and db number if any. */
  url: string;
  /** The checkpoint store's key prefix. Default `mimo-agents:checkpoint:` (as in `@mimo-agents/jobs`). */
  prefix?: string;
  /** At most this many checkpoint keys are indexed. Default 100,000. */
  maxRuns?: number;
}

const HEADER_BYTES = 1023;
const CHECKSUM = /"checksum":"(sha256:[0-9a-f]+)"/;

/**
 * Reads `@mimo-agents/jobs`' Redis checkpoint store. A refresh SCANs the prefix, reads the first
 * kilobyte of each value (the envelope header with its checksum) in one pipeline, and fetches and
 * decodes in full only the checkpoints whose checksum changed.
 */
export function createRedisRunSource(options: RedisRunSourceOptions): RunSource {
  const prefix = options.prefix ?? 'mimo-agents:checkpoint:';
  const maxRuns = options.maxRuns ?? 100_000;
  checkRedisUrl(options.url);
  // Reconnects at most every 500 ms: the page recovers soon after Redis is back.
  const redis = new Redis(options.url, {
    maxRetriesPerRequest: 3,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 50, 500),
  });
  redis.on('error', () => undefined);
  const index = new RunIndex();
  const checksums = new Map<string, string>();

  const readOne = async (key: string): Promise<RunDetail> => {
    const runId = key.slice(prefix.length);
    const location = `Redis key "${key}"`;
    // A failed read (Redis down) is not a damaged checkpoint: it fails the refresh (a banner on the page).
    const text = (await redis.get(key)) ?? '';
    try {
      const envelope = decodeCheckpoint<RunState>(text, { runId, location });
      return {
        ok: true,
        state: envelope.state,
        summary: summarizeRun(envelope.state, envelope.savedAt, location, runId),
      };
    } catch (error) {
      const described = describeError(error, location);
      return { ok: false, error: described, summary: damagedSummary(runId, location, new Date(), described) };
    }
  };

  return {
    label: `redis ${redis.options.host ?? '127.0.0.1'}:${redis.options.port ?? 6379} ${prefix}*`,
    async refresh() {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0' && keys.length < maxRuns);
      const present = new Set(keys.slice(0, maxRuns));
      const changed: string[] = [];
      for (const key of [...index.keys()]) {
        if (present.has(key)) continue;
        const runId = index.delete(key);
        checksums.delete(key);
        if (runId !== undefined) changed.push(runId);
      }
      const list = [...present];
      for (let i = 0; i < list.length; i += 500) {
        const slice = list.slice(i, i + 500);
        const pipeline = redis.pipeline();
        for (const key of slice) pipeline.getrange(key, 0, HEADER_BYTES);
        const headers = (await pipeline.exec()) ?? [];
        for (const [n, key] of slice.entries()) {
          const header = headers[n]?.[1];
          const checksum = typeof header === 'string' ? CHECKSUM.exec(header)?.[1] : undefined;
          if (checksum !== undefined && checksums.get(key) === checksum) continue;
          const detail = await readOne(key);
          checksums.set(key, checksum ?? `damaged:${String(header)}`);
          index.set(key, detail.summary);
          changed.push(detail.summary.runId);
        }
      }
      return changed;
    },
    summaries: () => index.all(),
    summary: (runId) => index.byRunId(runId),
    topLevel: () => index.topLevel(),
    children: (runId) => index.children(runId),
    async detail(runId) {
      const key = `${prefix}${runId}`;
      if (index.get(key) === undefined) return undefined;
      return readOne(key);
    },
    async close() {
      // QUIT waits for a connection: with Redis gone, it would wait for ever.
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
