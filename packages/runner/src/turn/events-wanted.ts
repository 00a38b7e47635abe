import type { RunEvent } from '../events.js';

/** A run's emitter, optionally telling whether anyone will read fine-grained events. */
type Emit = (event: RunEvent) => void;

const READER = Symbol('mimo-agents.eventsReader');
const WANTED = Symbol('mimo-agents.eventsWanted');

/** An emitter as `markEventsWanted` marks it: who reads its events, and how to ask them. */
type MarkedEmit = Emit & { [READER]?: unknown; [WANTED]?: (reader: unknown) => boolean };

/**
 * Marks `emit` with `wanted`, which tells whether its events are read (a `RunStream` after
 * `finalResult()` without iteration drops them), asked of `reader` (what reads them: a `RunStream`).
 * With a reader, `wanted` can be one function shared by every emitter of a kind: no closure per run.
 * Returns `emit`.
 */
export function markEventsWanted<T extends Emit, R = undefined>(
  emit: T,
  wanted: (reader: R) => boolean,
  reader?: R,
): T {
  // Plain stores (one cached map transition per kind of emitter), not `defineProperty` (a runtime call
  // per run): the emitter is the runner's own, never handed to user code.
  const marked = emit as MarkedEmit;
  marked[WANTED] = wanted as (reader: unknown) => boolean;
  marked[READER] = reader;
  return emit;
}

/**
 * Whether the per-delta events (`text.delta`, `reasoning.delta`, `tool.arguments.delta`) given to `emit`
 * are read by anyone (ask per event: the answer may change during a run). An emitter without a mark (a
 * wrapper, a test's spy) always counts as read.
 */
export function eventsWanted(emit: Emit): boolean {
  const marked = emit as MarkedEmit;
  const wanted = marked[WANTED];
  return wanted === undefined || wanted(marked[READER]);
}
