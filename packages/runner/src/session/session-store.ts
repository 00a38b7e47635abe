import type { InputItem } from '@mimo-agents/core';

/** What a session holds: its history and the version that history was saved as (1, 2, 3…). */
export interface SessionRecord {
  version: number;
  history: InputItem[];
}

/**
 * Where conversations live between runs, keyed by a session id, with optimistic concurrency: `save`
 * writes only when the stored version is still `expectedVersion` (0 = no session yet), atomically with
 * that check, and otherwise throws `SessionConflictError` without writing. Implement it for your own
 * database with one compare-and-set.
 * @example
 * const sessions = createMemorySessionStore();
 * await run({ client, agent, input: 'Hi', session: { store: sessions, id: 'user-42' } });
 */
export interface SessionStore {
  /** The session's latest record, or `undefined` when it has none. */
  load(sessionId: string): Promise<SessionRecord | undefined>;
  /** Saves `history` as version `expectedVersion + 1` if the session is still at `expectedVersion`; returns the new version. */
  save(sessionId: string, history: readonly InputItem[], expectedVersion: number): Promise<number>;
  /** Removes the session (a no-op for an unknown id). */
  delete(sessionId: string): Promise<void>;
}

/**
 * A run's session: the store and the id. The run loads the history before its first request, puts its
 * input after it, and saves the whole history when it ends (completed, incomplete, stopped or
 * max_turns), failing with `SessionConflictError` if another run saved the session meanwhile.
 * Requests carry `prompt_cache_key: id` unless the run sets `promptCacheKey`.
 */
export interface RunSession {
  store: SessionStore;
  id: string;
}
