import { ConfigError, type InputItem } from '@mimo-agents/core';
import type { LoopOptions } from '../loop/run-from-state.js';
import type { RunState } from '../run-state.js';
import type { RunSession, SessionRecord } from './session-store.js';

/** Run statuses whose history a session keeps (an aborted or failed run saves nothing). */
const SAVED: ReadonlySet<RunState['status']> = new Set(['completed', 'incomplete', 'stopped', 'max_turns']);

/** Loads a run's session (version 0 and no history when it has none yet). */
export async function openSession(
  session: RunSession,
  history: readonly InputItem[] | undefined,
): Promise<SessionRecord> {
  if (session.id === '')
    throw new ConfigError({
      field: 'session.id',
      problem: 'empty',
      fix: 'give each conversation a non-empty id',
    });
  if (history !== undefined)
    throw new ConfigError({
      field: 'history',
      problem: 'given together with session (the session holds the history)',
      fix: 'pass only session, or only history',
    });
  return (await session.store.load(session.id)) ?? { version: 0, history: [] };
}

/**
 * Makes the loop save the history to the session when the run ends with a result, before the run's
 * checkpoint and before `run.completed`: a `SessionConflictError` there fails the run, and the caller
 * never hears of a completed turn the session does not hold.
 */
export function bindSession(loop: LoopOptions, session: RunSession, opened: SessionRecord): void {
  const inner = loop.onStep;
  let version = opened.version;
  loop.onStep = async (state, step) => {
    if (step.step === 'end' && SAVED.has(state.status))
      version = await session.store.save(session.id, state.history, version);
    await inner?.(state, step);
  };
}
