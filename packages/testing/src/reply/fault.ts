/**
 * A fault injected into one reply, discriminated on `type`.
 * `events` / `afterEvents` count SSE events written before the fault fires.
 */
export type Fault =
  | {
      type: 'status';
      status: number;
      /** Sent as the `retry-after` header (seconds or an HTTP date). */
      retryAfter?: string;
      /** Sent as the `retry-after-ms` header (milliseconds), so tests need not wait whole seconds. */
      retryAfterMs?: number;
      body?: unknown;
    }
  | { type: 'delay-headers'; ms: number }
  | { type: 'drop-after-events'; events: number }
  | { type: 'stall-after-events'; events: number }
  | { type: 'malformed-frame'; afterEvents: number }
  | { type: 'no-terminal-event' }
  /** (streaming) Writes every event, the terminal one included, then keeps the socket open without ending. */
  | { type: 'hold-open-after-terminal' }
  | { type: 'incomplete'; reason?: string }
  | { type: 'failed'; code?: string; message?: string };

/** A fault that actually fired, with how many SSE events had been written when it did. */
export type FiredFault = Fault & { eventsWritten: number };

/** Normalises the `fault` option (one fault or a list) to a list. */
export function faultList(fault: Fault | readonly Fault[] | undefined): Fault[] {
  if (fault === undefined) return [];
  return Array.isArray(fault) ? [...fault] : [fault as Fault];
}
