import { AbortError, MimoError } from '@mimo-agents/core';
import { RunStreamOverflowError } from './errors/run-stream-overflow-error.js';
import { type EventSlots, releaseQueue, takeQueue } from './event-queue-pool.js';
import type { RunEvent } from './events.js';
import { maxBufferedEventsOf } from './options/max-buffered-events.js';
import type { RunResult } from './run-result.js';
import { markEventsWanted } from './turn/events-wanted.js';

/** What starts the run behind a `RunStream`: given the emitter and the stream's own signal. */
export type RunStarter = (
  emit: (event: RunEvent) => void,
  signal: AbortSignal,
) => Promise<RunResult<unknown>>;

/** Settles a waiting `next()`: with a result, or (to reject it) with a rejected promise. */
type Settle = (result: IteratorResult<RunEvent> | Promise<never>) => void;
type Fail = (error: unknown) => void;
/** How the run ended: its result, or the error iteration and `finalResult()` throw. */
type Outcome<TOutput> = { ok: true; result: RunResult<TOutput> } | { ok: false; error: unknown };

// The bits of `RunStream.#flags` (one field for the stream's five yes/no states).
/** Events are kept for an iterator (off once `finalResult()` was asked first, or the stream overflowed). */
const BUFFERING = 1;
/** `[Symbol.asyncIterator]()` was called (a second call is refused). */
const ITERATING = 2;
/** The run ended: `#outcome` says how. */
const SETTLED = 4;
/** The run's error was thrown to the iterator: the next `next()` reports the end. */
const ERROR_TOLD = 8;
/** A check of the backlog is due on the next turn of the event loop (the bound was reached). */
const CHECK_DUE = 16;
/** The consumer fell `#max` events behind: the run was aborted, later events are dropped. */
const OVERFLOWED = 32;

/** The stream whose consumer is about to wait: read by the executor of the waiting promise, which runs at once. */
let arming: RunStream<unknown> | undefined;
// `RunStream`'s private steps, for its iterator (set by the class's static block).
let nextOf: (stream: RunStream<unknown>) => Promise<IteratorResult<RunEvent>>;
let stopOf: (stream: RunStream<unknown>) => void;
/** Whether a stream keeps its events (someone iterates it): what its emitter's events-wanted mark asks. */
let bufferingOf: (stream: RunStream<unknown>) => boolean;

/**
 * A running agent: `for await` over its `RunEvent`s, then `finalResult()`. Leaving the loop early
 * (break, return, throw) aborts the run. Iteration throws the run's error, if any, after the buffered events.
 * @example
 * const stream = streamRun({ client, agent, input: 'Weather in Paris?' });
 * for await (const event of stream) if (event.type === 'text.delta') process.stdout.write(event.delta);
 * const result = await stream.finalResult();
 */
export class RunStream<TOutput = string> implements AsyncIterable<RunEvent> {
  // A stream waiting for its run (in a tool call, for a model's answer) holds only its fields: no
  // queue, no closure or promise of its own beyond the emitter and the two handlers of the run's end.
  readonly #controller = new AbortController();
  /**
   * Events not yet handed out are in slots `[#head, #tail)`; a handed-out slot is cleared at once. None
   * while no event waits: a drained queue goes back to a pool shared by every stream (the next burst of
   * any stream reuses its slots), and a backlog far behind the consumer is cut back by `#compact`.
   */
  #queue: EventSlots | undefined = undefined;
  #head = 0;
  #tail = 0;
  /**
   * Settles the consumer's pending `next()`, when it waits for an event: the next one goes straight to
   * it. Its reject function is not kept (the run's error goes through `resolve`): one closure fewer held.
   */
  #resolve: Settle | undefined = undefined;
  /**
   * `next()` calls made while `#resolve` already waits (rare: concurrent `next()`s), in call order: each
   * takes `#resolve`'s place when the one before it is settled. None on the usual single-waiter path.
   */
  #waiters: Settle[] | undefined = undefined;
  #flags = BUFFERING;
  /** Most events waiting for the consumer (`maxBufferedEvents`): one more aborts the run. */
  readonly #max: number;
  #outcome: Outcome<TOutput> | undefined = undefined;
  /** The promise `finalResult()` returns (made on its first call); settled with `#outcome`. */
  #final: Promise<RunResult<TOutput>> | undefined = undefined;
  /** Settles `#final` when it was asked for before the run ended (typed loosely: `TOutput` stays covariant). */
  #settleFinal: { resolve: (result: unknown) => void; reject: Fail } | undefined = undefined;

  static {
    nextOf = (stream) => stream.#next();
    stopOf = (stream) => stream.#stop();
    bufferingOf = (stream) => (stream.#flags & BUFFERING) !== 0;
  }

  /** `maxBufferedEvents` bounds the events waiting for the consumer (default 10 000; see `RunOptions`). */
  constructor(start: RunStarter, maxBufferedEvents?: number) {
    // Whether its events are read is asked of this stream through one shared function: no closure per run.
    const emit = markEventsWanted((event: RunEvent) => this.#push(event), bufferingOf, this);
    const max = maxBufferedEventsOf(maxBufferedEvents);
    this.#max = typeof max === 'number' ? max : 0;
    const started = typeof max === 'number' ? start(emit, this.#controller.signal) : Promise.reject(max);
    // Neither handler throws: the error is delivered through iteration or `finalResult()`, never as an
    // unhandled rejection.
    started.then(
      (result) =>
        // Ended before the abort could stop it: the events past the bound are still lost to the consumer.
        this.#settle(
          (this.#flags & OVERFLOWED) !== 0
            ? { ok: false, error: this.#overflowError(result as RunResult, undefined) }
            : // The starter validated the object against the agent's schema, whose type is `TOutput`.
              { ok: true, result: result as RunResult<TOutput> },
        ),
      (error: unknown) =>
        this.#settle({
          ok: false,
          error:
            (this.#flags & OVERFLOWED) !== 0 ? this.#overflowError(partialResultOf(error), error) : error,
        }),
    );
  }

  /** Resolves with the run's result (consuming the events if nobody iterates); rejects with its error. */
  finalResult(): Promise<RunResult<TOutput>> {
    if ((this.#flags & ITERATING) === 0) {
      this.#flags &= ~BUFFERING;
      this.#queue = undefined;
      this.#head = 0;
      this.#tail = 0;
    }
    this.#final ??= this.#finalPromise();
    return this.#final;
  }

  /** Cancels the run; it ends with `RunAbortedError`. */
  abort(reason?: unknown): void {
    this.#controller.abort(reason);
  }

  [Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    if ((this.#flags & ITERATING) !== 0)
      throw new MimoError(
        'run_stream_consumed',
        'A RunStream can be iterated only once. Fix: iterate it once; use finalResult() for the result.',
      );
    // (Unless the bound was reached before the first read: the events past it stay dropped.)
    this.#flags |= (this.#flags & OVERFLOWED) === 0 ? ITERATING | BUFFERING : ITERATING;
    return new RunStreamIterator(this as RunStream<unknown>);
  }

  #finalPromise(): Promise<RunResult<TOutput>> {
    const outcome = this.#outcome;
    if (outcome?.ok === true) return Promise.resolve(outcome.result);
    const final =
      outcome === undefined
        ? new Promise<RunResult<TOutput>>((resolve, reject) => {
            this.#settleFinal = { resolve: resolve as (result: unknown) => void, reject };
          })
        : Promise.reject(outcome.error);
    // A caller that drops it (and reads the error from the iteration) gets no unhandled rejection.
    final.catch(ignore);
    return final;
  }

  /**
   * An event already queued goes out with one resolved promise; else the consumer waits for the next
   * one (no async frame, no closure per wait: the promise's executor is the class's `#arm`).
   */
  #next(): Promise<IteratorResult<RunEvent>> {
    const head = this.#head;
    if (head < this.#tail) {
      const queue = this.#queue as EventSlots;
      const event = queue[head] as RunEvent;
      // Cleared at once, so a run in flight does not hold the events it has handed out.
      queue[head] = undefined;
      if (head + 1 === this.#tail) {
        // Drained (the usual case: the consumer keeps up): the empty queue goes back to the pool.
        this.#queue = undefined;
        this.#head = 0;
        this.#tail = 0;
        releaseQueue(queue);
      } else {
        this.#head = head + 1;
        if (head >= 1024 && head * 2 >= this.#tail) this.#compact();
      }
      return Promise.resolve({ done: false, value: event });
    }
    const flags = this.#flags;
    if ((flags & SETTLED) !== 0) {
      const outcome = this.#outcome;
      if (outcome?.ok === false && (flags & ERROR_TOLD) === 0) {
        this.#flags = flags | ERROR_TOLD;
        return Promise.reject(outcome.error);
      }
      return Promise.resolve({ done: true, value: undefined });
    }
    arming = this as RunStream<unknown>;
    const waiting = new Promise<IteratorResult<RunEvent>>(RunStream.#arm);
    arming = undefined;
    return waiting;
  }

  /** The executor of a waiting `next()`'s promise: one function for every stream, not one per stream or per wait. */
  static #arm(resolve: Settle): void {
    const stream = arming as RunStream<unknown>;
    if (stream.#resolve === undefined) stream.#resolve = resolve;
    // A second `next()` while the first still waits: it queues behind it (async iterators settle in call order).
    else if (stream.#waiters === undefined) stream.#waiters = [resolve];
    else stream.#waiters.push(resolve);
  }

  /** The waiter after the one just settled (the next in call order), or none. */
  #nextWaiter(): Settle | undefined {
    const waiters = this.#waiters as Settle[];
    const resolve = waiters.shift();
    if (waiters.length === 0) this.#waiters = undefined;
    return resolve;
  }

  /** The consumer left the loop (`return()`): aborts the run unless it already ended. */
  #stop(): void {
    if ((this.#flags & SETTLED) === 0)
      this.abort(new AbortError({ message: 'The RunStream consumer stopped iterating.' }));
  }

  /** A consumer far behind: drops the handed-out half of the queue (O(1) amortised per event). */
  #compact(): void {
    this.#queue = (this.#queue as EventSlots).slice(this.#head, this.#tail);
    this.#tail -= this.#head;
    this.#head = 0;
  }

  #push(event: RunEvent): void {
    if ((this.#flags & BUFFERING) === 0) return;
    const resolve = this.#resolve;
    if (resolve !== undefined) {
      // The consumer waits, so nothing is queued: hand the event over.
      this.#resolve = this.#waiters === undefined ? undefined : this.#nextWaiter();
      resolve({ done: false, value: event });
      return;
    }
    const tail = this.#tail;
    const backlog = tail - this.#head;
    if (backlog >= this.#max) {
      // Events emitted together (one network read's, a burst of a tool's) all queue before a reading
      // consumer gets a turn: judge the backlog on the next turn of the event loop, once it had its
      // chance. A burst past the bound's headroom cannot wait that long.
      if (backlog >= this.#max + burstHeadroom(this.#max)) {
        this.#overflow();
        return;
      }
      if ((this.#flags & CHECK_DUE) === 0) {
        this.#flags |= CHECK_DUE;
        setImmediate(RunStream.#checkBacklog, this);
      }
    }
    // Into the next free slot (the first event of a burst takes a drained queue from the pool).
    this.#queue ??= takeQueue();
    const queue = this.#queue;
    if (tail < queue.length) queue[tail] = event;
    else queue.push(event);
    this.#tail = tail + 1;
  }

  /** On the turn after the bound was reached: a consumer still `#max` events behind overflows the stream. */
  static #checkBacklog(stream: RunStream<unknown>): void {
    const flags = stream.#flags & ~CHECK_DUE;
    stream.#flags = flags;
    if (
      (flags & (OVERFLOWED | SETTLED)) === 0 &&
      (flags & BUFFERING) !== 0 &&
      stream.#tail - stream.#head >= stream.#max
    )
      stream.#overflow();
  }

  /** The consumer is `#max` events behind: drop this event and the rest, and abort the run. */
  #overflow(): void {
    this.#flags = (this.#flags | OVERFLOWED) & ~BUFFERING;
    this.abort(
      new AbortError({
        message: `The RunStream consumer fell ${this.#max} events behind (maxBufferedEvents).`,
      }),
    );
  }

  #overflowError(partialResult: RunResult | undefined, cause: unknown): RunStreamOverflowError {
    return new RunStreamOverflowError({ maxBufferedEvents: this.#max, partialResult }, { cause });
  }

  /**
   * The run ended: a waiting `next()` gets the end (or the error; `next()`s waiting behind it then get
   * the end, as later calls would), a waiting `finalResult()` the outcome.
   */
  #settle(outcome: Outcome<TOutput>): void {
    this.#flags |= SETTLED;
    this.#outcome = outcome;
    const resolve = this.#resolve;
    if (resolve !== undefined) {
      this.#resolve = undefined;
      if (outcome.ok) resolve({ done: true, value: undefined });
      else {
        this.#flags |= ERROR_TOLD;
        // Settled with a rejected promise, the waiting `next()` rejects with the error (handled at once:
        // the promise adopts it in the same microtask checkpoint).
        resolve(Promise.reject(outcome.error));
      }
      const waiters = this.#waiters;
      if (waiters !== undefined) {
        this.#waiters = undefined;
        for (const waiter of waiters) waiter({ done: true, value: undefined });
      }
    }
    const final = this.#settleFinal;
    if (final === undefined) return;
    this.#settleFinal = undefined;
    if (outcome.ok) final.resolve(outcome.result);
    else final.reject(outcome.error);
  }
}

/** The iterator of a `RunStream` (one small object: its two methods are on the prototype, not closures). */
class RunStreamIterator implements AsyncIterator<RunEvent> {
  readonly #stream: RunStream<unknown>;

  constructor(stream: RunStream<unknown>) {
    this.#stream = stream;
  }

  next(): Promise<IteratorResult<RunEvent>> {
    return nextOf(this.#stream);
  }

  async return(): Promise<IteratorResult<RunEvent>> {
    stopOf(this.#stream);
    return { done: true, value: undefined };
  }
}

function ignore(): void {}

/** The `partialResult` of a run's error (`RunAbortedError`, `MaxTurnsExceededError`…), if it has one. */
function partialResultOf(error: unknown): RunResult | undefined {
  if (!(error instanceof MimoError)) return undefined;
  const partial = (error as MimoError & { partialResult?: unknown }).partialResult;
  return partial === undefined ? undefined : (partial as RunResult);
}

/** How far past `maxBufferedEvents` events emitted in one go may queue before the backlog is judged: as many again, at least 1,024. */
function burstHeadroom(max: number): number {
  return Math.max(max, 1024);
}
