import type { Redis } from 'ioredis';

/** Entries read per command; a poll reads at most `MAX_PAGES` pages before falling back to a full scan. */
const PAGE = 1_000;
const MAX_PAGES = 10;

/** What one poll of the change log found. */
export type ChangeLogRead =
  | { kind: 'changes'; runIds: string[]; cursor: number }
  | {
      kind: 'rescan';
      /** `no_log`: no store with a change log wrote under this prefix yet; the others: the log cannot say what changed. */
      reason: 'no_log' | 'log_reset' | 'cursor_trimmed' | 'too_many';
    };

/**
 * Reads the run ids saved or deleted since `cursor` from `@mimo-agents/jobs`' checkpoint change log:
 * per page one ZRANGEBYSCORE and one HMGET in one round trip, whatever the store's size. The trim mark
 * is read after the entries, so an entry dropped for the cap before it could be read is always noticed.
 */
export async function readChangeLog(
  redis: Redis,
  keys: { logKey: string; metaKey: string },
  cursor: number,
): Promise<ChangeLogRead> {
  const runIds = new Set<string>();
  let at = cursor;
  for (let page = 0; page < MAX_PAGES; page++) {
    const replies =
      (await redis
        .pipeline()
        .zrangebyscore(keys.logKey, `(${at}`, '+inf', 'WITHSCORES', 'LIMIT', 0, PAGE)
        .hmget(keys.metaKey, 'seq', 'trimmed')
        .exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
    const entries = (replies[0]?.[1] ?? []) as string[];
    const [seq, trimmed] = (replies[1]?.[1] ?? [null, null]) as (string | null)[];
    if (seq === null || seq === undefined)
      return { kind: 'rescan', reason: cursor === 0 ? 'no_log' : 'log_reset' };
    if (Number(seq) < at) return { kind: 'rescan', reason: 'log_reset' };
    if (trimmed !== null && trimmed !== undefined && Number(trimmed) > at)
      return { kind: 'rescan', reason: 'cursor_trimmed' };
    for (let i = 0; i + 1 < entries.length; i += 2) {
      runIds.add(entries[i] ?? '');
      at = Math.max(at, Number(entries[i + 1]));
    }
    if (entries.length < PAGE * 2) return { kind: 'changes', runIds: [...runIds], cursor: at };
  }
  return { kind: 'rescan', reason: 'too_many' };
}
