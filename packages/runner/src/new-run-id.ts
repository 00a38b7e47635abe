import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';

/**
 * A new run id (a random UUID) as one flat string. `randomUUID()` builds its result from 20 pieces
 * joined with `+`, which V8 keeps as a chain of 19 concatenated strings (≈ 0.6 KiB) until something
 * flattens it; every run holds its id for its whole life (state, result, events, tool-call keys), so
 * it is copied once into a plain 36-byte string.
 */
export function newRunId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}
