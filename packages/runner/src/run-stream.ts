import { AbortError, MimoError } from '@mimo-agents/core';
import type { RunEvent } from './events.js';
import type { RunResult } from './run-result.js';
import { markEventsWanted } from './turn/events-wanted.js';

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
  #queue: RunEvent[] = [];
  /** Index of the next event to hand out (a moving head keeps dequeuing O(1)). */
  #head = 0;
  /** The consumer's pending `next()`, when it waits for an event: the next one goes straight to it. */
  #waiting:
    | { resolve: (result: IteratorResult<RunEvent>) => void; reject: (error: unknown) => void }
    | undefined;
  #settled = false;
  #failure: { error: unknown } | undefined;
  /** Events are kept for an iterator unless `finalResult()` was asked first (then nobody will read them). */
  #buffering = true;
  #iterating = false;

  constructor(start: RunStarter) {
    const emit = markEventsWanted(
      (event: RunEvent) => this.#push(event),
      () => this.#buffering,
    );
    this.#result = start(emit, this.#controller.signal).then(
      (result) => {
        this.#end(undefined);
        // The starter validated the object against the agent's schema, whose type is `TOutput`.
        return result as RunResult<TOutput>;
      },
      (error: unknown) => {
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
    this.#buffering = true;
    return {
      next: () => this.#next(),
      return: async () => {
        if (!this.#settled)
          this.abort(new AbortError({ message: 'The RunStream consumer stopped iterating.' }));
        return { done: true, value: undefined };
      },
    };
  }

  /** An event already queued goes out with one resolved promise; else the consumer waits for the next one (no async frame). */
  #next(): Promise<IteratorResult<RunEvent>> {
    const event = this.#queue[this.#head];
    if (event !== undefined) {
      this.#head += 1;
      if (this.#head === this.#queue.length) {
        // Drained (the usual case: the consumer keeps up): drop the handed-out events now, so a run
        // in flight does not hold every event it ever emitted.
        this.#queue.length = 0;
        this.#head = 0;
      } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ done: false, value: event });
    }
    if (this.#settled) {
      const failure = this.#failure;
      this.#failure = undefined;
      if (failure !== undefined) return Promise.reject(failure.error);
      return Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  #push(event: RunEvent): void {
    if (!this.#buffering) return;
    const waiting = this.#waiting;
    if (waiting === undefined) {
      this.#queue.push(event);
      return;
    }
    // The consumer waits, so nothing is queued: hand the event over.
    this.#waiting = undefined;
    waiting.resolve({ done: false, value: event });
  }

  #end(failure: { error: unknown } | undefined): void {
    this.#settled = true;
    this.#failure = failure;
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    this.#waiting = undefined;
    this.#failure = undefined;
    if (failure === undefined) waiting.resolve({ done: true, value: undefined });
    else waiting.reject(failure.error);
  }
}
