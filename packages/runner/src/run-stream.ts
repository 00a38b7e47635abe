import { AbortError, MimoError } from '@mimo-agents/core';
import { RunStreamOverflowError } from './errors/run-stream-overflow-error.js';
import type { RunEvent } from './events.js';
import { maxBufferedEventsOf } from './options/max-buffered-events.js';
import type { RunResult } from './run-result.js';
import { markEventsWanted } from './turn/events-wanted.js';

/** Empty queue slots a drained `RunStream` keeps for the next burst of events (more are dropped). */
const KEPT_SLOTS = 64;

/** What starts the run behind a `RunStream`: given the emitter and the stream's own signal. */
export type RunStarter = (
  emit: (event: RunEvent) => void,
  signal: AbortSignal,
) => Promise<RunResult<unknown>>;

/**
 * A running agent: `for await` over its `RunEvent`s, then `finalResult()`. Leaving the loop early
 * (break, return, throw) aborts the run. Iteration throws the run's error, if any, after the buffered events.
 * @example
 * const stream = streamRun({ client, agent, input: 'Weather in Paris?' });
 * for await (const event of stream) if (event.type === 'text.delta') process.stdout.write(event.delta);
 * const result = await stream.finalResult();
 */
export class RunStream<TOutput = string> implements AsyncIterable<RunEvent> {
  readonly #controller = new AbortController();
  readonly #result: Promise<RunResult<TOutput>>;
  /**
   * Events not yet handed out are in slots `[#head, #tail)`; a handed-out slot is cleared at once. The
   * array keeps its slots when drained (the next burst reuses them: no new backing store per burst),
   * at most `KEPT_SLOTS` of them; a backlog far behind the consumer is cut back by `#compact`.
   */
  #queue: (RunEvent | undefined)[] = [];
  #head = 0;
  #tail = 0;
  /** Settles the consumer's pending `next()`, when it waits for an event: the next one goes straight to it. */
  #resolve: ((result: IteratorResult<RunEvent>) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  /** The executor of a waiting `next()`'s promise: made once per stream, not once per wait. */
  readonly #arm = (resolve: (result: IteratorResult<RunEvent>) => void, reject: (error: unknown) => void) => {
    this.#resolve = resolve;
    this.#reject = reject;
  };
  #settled = false;
  #failure: { error: unknown } | undefined;
  /** Events are kept for an iterator unless `finalResult()` was asked first (then nobody will read them). */
  #buffering = true;
  #iterating = false;
  /** Most events waiting for the consumer (`maxBufferedEvents`): one more aborts the run. */
  readonly #max: number;
  /** A check of the backlog is due on the next turn of the event loop (the bound was reached). */
  #checkDue = false;
  /** Set once the consumer fell `#max` events behind: the run was aborted, later events are dropped. */
  #overflowed = false;

  /** `maxBufferedEvents` bounds the events waiting for the consumer (default 10 000; see `RunOptions`). */
  constructor(start: RunStarter, maxBufferedEvents?: number) {
    const emit = markEventsWanted(
      (event: RunEvent) => this.#push(event),
      () => this.#buffering,
    );
    const max = maxBufferedEventsOf(maxBufferedEvents);
    this.#max = typeof max === 'number' ? max : 0;
    const started = typeof max === 'number' ? start(emit, this.#controller.signal) : Promise.reject(max);
    this.#result = started.then(
      (result) => {
        // Ended before the abort could stop it: the events past the bound are still lost to the consumer.
        if (this.#overflowed) return this.#fail(this.#overflowError(result as RunResult, undefined));
        this.#end(undefined);
        // The starter validated the object against the agent's schema, whose type is `TOutput`.
        return result as RunResult<TOutput>;
      },
      (error: unknown) => {
        if (this.#overflowed) return this.#fail(this.#overflowError(partialResultOf(error), error));
        this.#end({ error });
        throw error;
      },
    );
    // The error is delivered through iteration or `finalResult()`; never as an unhandled rejection.
    this.#result.catch(() => {});
  }

  /** Resolves with the run's result (consuming the events if nobody iterates); rejects with its error. */
  finalResult(): Promise<RunResult<TOutput>> {
    if (!this.#iterating) {
      this.#buffering = false;
      this.#queue = [];
      this.#head = 0;
      this.#tail = 0;
    }
    return this.#result;
  }

  /** Cancels the run; it ends with `RunAbortedError`. */
  abort(reason?: unknown): void {
    this.#controller.abort(reason);
  }

  [Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    if (this.#iterating)
      throw new MimoError(
        'run_stream_consumed',
        'A RunStream can be iterated only once. Fix: iterate it once; use finalResult() for the result.',
      );
    this.#iterating = true;
    // (Unless the bound was reached before the first read: the events past it stay dropped.)
    this.#buffering = !this.#overflowed;
    return {
      next: () => this.#next(),
      return: async () => {
        if (!this.#settled)
          this.abort(new AbortError({ message: 'The RunStream consumer stopped iterating.' }));
        return { done: true, value: undefined };
      },
    };
  }

  /**
   * An event already queued goes out with one resolved promise; else the consumer waits for the next
   * one (no async frame, no closure per wait: the promise's executor is `#arm`).
   */
  #next(): Promise<IteratorResult<RunEvent>> {
    const head = this.#head;
    if (head < this.#tail) {
      const event = this.#queue[head] as RunEvent;
      // Cleared at once, so a run in flight does not hold the events it has handed out.
      this.#queue[head] = undefined;
      if (head + 1 === this.#tail) {
        // Drained (the usual case: the consumer keeps up). The slots stay for the next burst, unless
        // a backlog made them many: a run in flight then holds no more than `KEPT_SLOTS` empty ones.
        this.#head = 0;
        this.#tail = 0;
        if (this.#queue.length > KEPT_SLOTS) this.#queue = [];
      } else {
        this.#head = head + 1;
        if (head >= 1024 && head * 2 >= this.#tail) this.#compact();
      }
      return Promise.resolve({ done: false, value: event });
    }
    if (this.#settled) {
      const failure = this.#failure;
      this.#failure = undefined;
      if (failure !== undefined) return Promise.reject(failure.error);
      return Promise.resolve({ done: true, value: undefined });
    }
    return new Promise(this.#arm);
  }

  /** A consumer far behind: drops the handed-out half of the queue (O(1) amortised per event). */
  #compact(): void {
    this.#queue = this.#queue.slice(this.#head, this.#tail);
    this.#tail -= this.#head;
    this.#head = 0;
  }

  #push(event: RunEvent): void {
    if (!this.#buffering) return;
    const resolve = this.#resolve;
    if (resolve === undefined) {
      // Into the next free slot (a drained queue reuses its slots).
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
        if (!this.#checkDue) {
          this.#checkDue = true;
          setImmediate(this.#checkBacklog);
        }
      }
      if (tail < this.#queue.length) this.#queue[tail] = event;
      else this.#queue.push(event);
      this.#tail = tail + 1;
      return;
    }
    // The consumer waits, so nothing is queued: hand the event over.
    this.#resolve = undefined;
    this.#reject = undefined;
    resolve({ done: false, value: event });
  }

  /** On the turn after the bound was reached: a consumer still `#max` events behind overflows the stream. */
  readonly #checkBacklog = (): void => {
    this.#checkDue = false;
    if (!this.#overflowed && !this.#settled && this.#buffering && this.#tail - this.#head >= this.#max)
      this.#overflow();
  };

  /** The consumer is `#max` events behind: drop this event and the rest, and abort the run. */
  #overflow(): void {
    this.#overflowed = true;
    this.#buffering = false;
    this.abort(
      new AbortError({
        message: `The RunStream consumer fell ${this.#max} events behind (maxBufferedEvents).`,
      }),
    );
  }

  #overflowError(partialResult: RunResult | undefined, cause: unknown): RunStreamOverflowError {
    return new RunStreamOverflowError({ maxBufferedEvents: this.#max, partialResult }, { cause });
  }

  #fail(error: unknown): never {
    this.#end({ error });
    throw error;
  }

  #end(failure: { error: unknown } | undefined): void {
    this.#settled = true;
    this.#failure = failure;
    const resolve = this.#resolve;
    const reject = this.#reject;
    if (resolve === undefined || reject === undefined) return;
    this.#resolve = undefined;
    this.#reject = undefined;
    this.#failure = undefined;
    if (failure === undefined) resolve({ done: true, value: undefined });
    else reject(failure.error);
  }
}

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
