import { ConfigError, isMimoError, MimoError } from '@mimo-agents/core';
import { CHANGE_LOG_KEY_PREFIX, changeLogKeys } from '@mimo-agents/jobs';
import { decodeCheckpoint, type RunState } from '@mimo-agents/runner';
import { Redis } from 'ioredis';
import { checkRedisUrl } from './check-redis-url.js';
import { damagedSummary } from './file-run-source.js';
import { readChangeLog } from './read-change-log.js';
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
  /**
   * How often a refresh also lists the keys (SCAN only, headers read for unknown keys), in ms: picks
   * up expired checkpoints (`keepFinishedFor`), keys deleted or added outside a store with the change
   * log. 1,000 to 3,600,000; default 60,000.
   */
  keyScanIntervalMs?: number;
  /**
   * How often a refresh is a full scan (SCAN + every key's header) instead of a read of the store's
   * change log, in ms: also picks up checkpoints rewritten in place by a store without the log.
   * 1,000 to 86,400,000; default 600,000.
   */
  fullScanIntervalMs?: number;
  /** Read the store's change log between full scans. Default true; false makes every refresh a full scan. */
  changeLog?: boolean;
}

const HEADER_BYTES = 1023;
const CHECKSUM = /"checksum":"(sha256:[0-9a-f]+)"/;
/** A refresh this long after the last good one is a full scan (below the change log's shortest expiry, 60 s). */
const STALE_MS = 30_000;

/**
 * Reads `@mimo-agents/jobs`' Redis checkpoint store. A full scan SCANs the prefix, reads the first
 * kilobyte of each value (the envelope header with its checksum) in pipelines, and fetches and
 * decodes in full only the checkpoints whose checksum changed. Between full scans (every
 * `fullScanIntervalMs`) a refresh reads only the store's change log since its last cursor (two commands)
 * and re-checks the runs named there, plus a SCAN of the key names every `keyScanIntervalMs`. Without a
 * log (stores before it, or `changeLog: false`) every refresh is a full scan.
 */
export function createRedisRunSource(options: RedisRunSourceOptions): RunSource {
  const prefix = options.prefix ?? 'mimo-agents:checkpoint:';
  const maxRuns = options.maxRuns ?? 100_000;
  const keyScanIntervalMs = interval(
    'keyScanIntervalMs',
    options.keyScanIntervalMs,
    60_000,
    3_600_000,
    'key scans',
  );
  const fullScanIntervalMs = interval(
    'fullScanIntervalMs',
    options.fullScanIntervalMs,
    600_000,
    86_400_000,
    'full scans',
  );
  checkRedisUrl(options.url);
  const logKeys = options.changeLog === false ? undefined : changeLogKeys(prefix);
  // Reconnects at most every 500 ms: the page recovers soon after Redis is back.
  const redis = new Redis(options.url, {
    maxRetriesPerRequest: 3,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 50, 500),
  });
  redis.on('error', () => undefined);
  const index = new RunIndex();
  const checksums = new Map<string, string>();

  /** Reads one checkpoint in full; undefined when the key is gone. */
  const readOne = async (key: string): Promise<RunDetail | undefined> => {
    const runId = key.slice(prefix.length);
    const location = `Redis key "${key}"`;
    // A failed read (Redis down) is not a damaged checkpoint: it fails the refresh (a banner on the page).
    const text = await redis.get(key);
    if (text === null) return undefined;
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

  const forget = (key: string, changed: string[]): void => {
    const runId = index.delete(key);
    checksums.delete(key);
    if (runId !== undefined) changed.push(runId);
  };

  /** Reads the headers of `keys` and re-reads those whose checksum changed (or that are gone). */
  const recheck = async (keys: readonly string[], changed: string[]): Promise<void> => {
    for (let i = 0; i < keys.length; i += 500) {
      const slice = keys.slice(i, i + 500);
      const pipeline = redis.pipeline();
      for (const key of slice) pipeline.getrange(key, 0, HEADER_BYTES);
      const headers = (await pipeline.exec()) ?? [];
      for (const [n, key] of slice.entries()) {
        const [error, header] = headers[n] ?? [];
        if (error) throw error;
        const checksum = typeof header === 'string' ? CHECKSUM.exec(header)?.[1] : undefined;
        if (checksum !== undefined && checksums.get(key) === checksum) continue;
        // A key named by the change log and not indexed yet counts against maxRuns.
        if (!checksums.has(key) && checksums.size >= maxRuns) continue;
        const detail = await readOne(key);
        if (detail === undefined) {
          forget(key, changed);
          continue;
        }
        checksums.set(key, checksum ?? `damaged:${String(header)}`);
        index.set(key, detail.summary);
        changed.push(detail.summary.runId);
      }
    }
  };

  /** SCANs the prefix; forgets indexed keys that are gone and returns the keys present. */
  const scanKeys = async (changed: string[]): Promise<Set<string>> => {
    const keys: string[] = [];
    let scanCursor = '0';
    do {
      const [next, batch] = await redis.scan(scanCursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      scanCursor = next;
      for (const key of batch) if (!key.startsWith(CHANGE_LOG_KEY_PREFIX)) keys.push(key);
    } while (scanCursor !== '0' && keys.length < maxRuns);
    const present = new Set(keys.slice(0, maxRuns));
    for (const key of [...index.keys()]) if (!present.has(key)) forget(key, changed);
    lastKeyScanAt = Date.now();
    return present;
  };

  /** SCAN + every header; the cursor becomes where the change log stood before the scan. */
  const fullScan = async (changed: string[]): Promise<void> => {
    // Read before the scan: a change made during it is in the log after this cursor.
    const seq = logKeys === undefined ? null : await redis.hget(logKeys.metaKey, 'seq');
    await recheck([...(await scanKeys(changed))], changed);
    cursor = seq === null ? undefined : Number(seq);
    lastFullScanAt = Date.now();
  };

  /** SCAN, headers only of keys not indexed yet (the change log covers the others' saves). */
  const keyScan = async (changed: string[]): Promise<void> => {
    const present = await scanKeys(changed);
    await recheck(
      [...present].filter((key) => !checksums.has(key)),
      changed,
    );
  };

  // The change log's sequence number read up to; undefined: no log seen, the next refresh is a full scan.
  let cursor: number | undefined;
  let lastFullScanAt = 0;
  let lastKeyScanAt = 0;
  let lastGoodAt = 0;

  return {
    label: `redis ${redis.options.host ?? '127.0.0.1'}:${redis.options.port ?? 6379} ${prefix}*`,
    async refresh() {
      const now = Date.now();
      const due =
        logKeys === undefined ||
        cursor === undefined ||
        now - lastFullScanAt >= fullScanIntervalMs ||
        now - lastGoodAt > STALE_MS;
      try {
        const changed: string[] = [];
        const read =
          due || logKeys === undefined || cursor === undefined
            ? undefined
            : await readChangeLog(redis, logKeys, cursor);
        if (read === undefined || read.kind === 'rescan') await fullScan(changed);
        else {
          await recheck(
            read.runIds.map((runId) => `${prefix}${runId}`),
            changed,
          );
          cursor = read.cursor;
          if (now - lastKeyScanAt >= keyScanIntervalMs) await keyScan(changed);
        }
        // From when this refresh began (its log read), not when it ended: a long refresh counts.
        lastGoodAt = now;
        return changed;
      } catch (error) {
        // Redis failed mid-refresh: what the log said may be lost, so start over with a full scan.
        cursor = undefined;
        throw storeUnreachable(error);
      }
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

/** Checks an interval option: a whole number of ms from 1,000 to `max` (a `ConfigError` naming it). */
function interval(
  field: string,
  value: number | undefined,
  fallback: number,
  max: number,
  what: string,
): number {
  const ms = value ?? fallback;
  if (!Number.isInteger(ms) || ms < 1_000 || ms > max)
    throw new ConfigError({
      field,
      problem: `got ${ms}`,
      fix: `give the ms between ${what} of the store as a whole number from 1000 to ${max}, e.g. ${fallback}`,
    });
  return ms;
}

/** A failed refresh as a typed error (the Redis client's own error as its cause). */
function storeUnreachable(error: unknown): unknown {
  if (isMimoError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new MimoError(
    'store_unreachable',
    `Reading the Redis run store failed: ${detail}. Fix: check that Redis is running and reachable (redis-cli -u <url> ping); the next refresh() tries again.`,
    { cause: error, retryable: true },
  );
}
