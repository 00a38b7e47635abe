import type { InputItem } from '@mimo-agents/core';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint-codec.js';
import { SessionConflictError } from './session-conflict-error.js';
import type { SessionStore } from './session-store.js';

/**
 * A session store in process memory: each save is encoded (checked as plain JSON) and each load decoded,
 * so callers never share objects with it. For tests and single-process apps; it survives nothing.
 * @example
 * const sessions = createMemorySessionStore();
 */
export function createMemorySessionStore(): SessionStore {
  const entries = new Map<string, { version: number; text: string }>();
  return {
    async load(sessionId) {
      const entry = entries.get(sessionId);
      if (entry === undefined) return undefined;
      const history = decodeCheckpoint<InputItem[]>(entry.text, {
        runId: sessionId,
        location: `memory session ${sessionId}`,
      }).state;
      return { version: entry.version, history };
    },
    async save(sessionId, history, expectedVersion) {
      const text = encodeCheckpoint({ runId: sessionId, state: history });
      // Check and write with no await in between: atomic within the process.
      const current = entries.get(sessionId)?.version ?? 0;
      if (current !== expectedVersion)
        throw new SessionConflictError({
          sessionId,
          expectedVersion,
          actualVersion: current === 0 ? undefined : current,
          history: [...history],
        });
      entries.set(sessionId, { version: current + 1, text });
      return current + 1;
    },
    async delete(sessionId) {
      entries.delete(sessionId);
    },
  };
}
