import type { RunEvent } from '../events.js';

/** A run's emitter, optionally telling whether anyone will read fine-grained events. */
type Emit = (event: RunEvent) => void;

const WANTED = Symbol('mimo-agents.eventsWanted');

/**
 * Marks `emit` with a check that says whether its events are read (a `RunStream` after
 * `finalResult()` without iteration drops them). Returns `emit`.
 */
export function markEventsWanted<T extends Emit>(emit: T, wanted: () => boolean): T {
  // A plain store (one cached map transition per kind of emitter), not `defineProperty` (a runtime call
  // per run): the emitter is the runner's own, never handed to user code.
  (emit as Emit & { [WANTED]?: () => boolean })[WANTED] = wanted;
  return emit;
}

/**
 * Whether the per-delta events (`text.delta`, `reasoning.delta`, `tool.arguments.delta`) given to `emit`
 * are read by anyone. An emitter without a mark (a wrapper, a test's spy) always counts as read.
 */
export function eventsWanted(emit: Emit): boolean {
  const wanted = wantedCheckOf(emit);
  return wanted === undefined || wanted();
}

/**
 * The check `markEventsWanted` put on `emit` (read it per event: the answer may change during a run), or
 * `undefined` for an emitter without a mark, whose events always count as read.
 */
export function wantedCheckOf(emit: Emit): (() => boolean) | undefined {
  return (emit as Emit & { [WANTED]?: () => boolean })[WANTED];
}
