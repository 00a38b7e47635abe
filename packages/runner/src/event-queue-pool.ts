import type { RunEvent } from './events.js';

/** A `RunStream`'s queue: events waiting for the consumer in slots, each slot `undefined` once handed out. */
export type EventSlots = (RunEvent | undefined)[];

/** A drained queue with more slots than this (a backlog's) is dropped, not kept for reuse. */
const KEPT_SLOTS = 64;
/**
 * Drained queues kept for the next burst. A burst (the events of one network read) is queued and handed
 * out before the next read is handled, so few queues are in use at once whatever the number of streams.
 */
const POOLED = 8;
const pool: EventSlots[] = [];

/**
 * A queue for a burst of events: a drained one kept by `releaseQueue` (its slots reused, no new backing
 * store per burst), else a new one. A stream holds it only while events wait for its consumer.
 */
export function takeQueue(): EventSlots {
  return pool.pop() ?? [];
}

/** Gives back a queue whose every slot is empty (the consumer read all its events) for the next burst of any stream. */
export function releaseQueue(queue: EventSlots): void {
  if (queue.length <= KEPT_SLOTS && pool.length < POOLED) pool.push(queue);
}
