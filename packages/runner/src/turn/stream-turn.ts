import { setTimeout as delay } from 'node:timers/promises';
import type {
  MimoClient,
  RequestOptions,
  Response,
  ResponseRequest,
  ResponseStreamEvent,
  RetryInfo,
} from '@mimo-agents/core';
import type { ModelPrice } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { Instrumentation, ModelRequestAttempt } from '../instrumentation/instrumentation.js';
import { eventsWanted } from './events-wanted.js';
import { type StreamedTurn, TurnAssembler } from './turn-assembler.js';

export type { StreamedTurn } from './turn-assembler.js';

/** Options of `streamTurn`. */
export interface StreamTurnOptions {
  client: MimoClient;
  request: ResponseRequest;
  /** 1-based turn number, for events. */
  turn: number;
  signal: AbortSignal;
  emit: (event: RunEvent) => void;
  toolsDisabled: boolean;
  /** Wraps each attempt (`Instrumentation.modelRequest`), when the run has one. */
  instrumentation?: Instrumentation | undefined;
  /** The run's id and price, for the instrumentation. */
  runId?: string;
  price?: ModelPrice | undefined;
}

/**
 * Streams one model turn to its terminal event. A failure after events arrived (dropped connection,
 * idle stream, 5xx) discards the partial output, emits `turn.retried` and resends the same request;
 * no tool has run yet, so nothing runs twice. Failures before the first event are retried inside
 * `client.stream()` and rethrown as they are. Both kinds share one budget: a turn sends at most
 * `client.retry.maxRetries + 1` requests (each attempt gets what is left as its `maxRetries`).
 */
export function streamTurn(options: StreamTurnOptions): Promise<StreamedTurn> {
  try {
    return new TurnAttempts(options).attempt(1);
  } catch (error) {
    // A throwing event listener rejects the turn, as it did when this was an async function.
    return Promise.reject(error);
  }
}

/**
 * The attempts of one turn and what they share (start time, the client's retries, the traced
 * attempt), on one object that is also each attempt's send options (core keeps those while the
 * request lives: no options object per attempt). Its four callbacks (the events, core's retries, the
 * answer and the failure) are made once per turn and share one context: an attempt is chained with
 * `then`, so a turn waiting for its answer holds no suspended async frame, no closure per attempt, and
 * no assembler before the first event; only a failed attempt continues in the async
 * {@link TurnAttempts.retry}.
 */
class TurnAttempts implements RequestOptions {
  /** {@link RequestOptions}: the run's signal. */
  readonly signal: AbortSignal;
  /** {@link RequestOptions}: what the turn's budget leaves the attempt under way (set before each send). */
  maxRetries = 0;
  /** Folds each event of the attempt under way (core's `forEach` callback). */
  readonly #onEvent = (event: ResponseStreamEvent): void => {
    this.#assembler ??= new TurnAssembler(this.#turn, this.#emit);
    this.#assembler.push(event);
  };
  readonly #onAnswer = (response: Response): StreamedTurn | Promise<StreamedTurn> => this.#answered(response);
  readonly #onFailure = (error: unknown): Promise<StreamedTurn> => this.retry(error);
  // What the turn was given, in fields (the options object is not kept).
  readonly #client: MimoClient;
  readonly #request: ResponseRequest;
  readonly #turn: number;
  readonly #emit: (event: RunEvent) => void;
  readonly #toolsDisabled: boolean;
  readonly #instrumentation: Instrumentation | undefined;
  readonly #runId: string;
  readonly #price: ModelPrice | undefined;
  readonly #started = performance.now();
  #requestRetries = 0;
  // The instrumented attempt under way, told about the client's retries inside it.
  #traced: ModelRequestAttempt | undefined;
  /** The attempt under way (1-based): one at a time. */
  #attempt = 0;
  /** The attempt's events folded so far: made at its first event, dropped (its partial output discarded) by a resend. */
  #assembler: TurnAssembler | undefined;

  constructor(options: StreamTurnOptions) {
    this.signal = options.signal;
    this.#client = options.client;
    this.#request = options.request;
    this.#turn = options.turn;
    this.#emit = options.emit;
    this.#toolsDisabled = options.toolsDisabled;
    this.#instrumentation = options.instrumentation;
    this.#runId = options.runId ?? '';
    this.#price = options.price;
  }

  /**
   * {@link RequestOptions}: tells the turn about a retry inside the client. Core reads it only when it
   * retries (and calls it as a method of its own request object), so a function is made then, not
   * kept by every waiting turn.
   */
  get onRetry(): (info: RetryInfo) => void {
    return (info) => {
      this.#requestRetries += 1;
      this.#traced?.retried(info);
    };
  }

  attempt(attempt: number): Promise<StreamedTurn> {
    const client = this.#client;
    const turn = this.#turn;
    const emit = this.#emit;
    const instrumentation = this.#instrumentation;
    this.#attempt = attempt;
    this.#assembler = undefined;
    // Built only when someone reads it (not for `run()`, nor a stream whose events are dropped).
    if (eventsWanted(emit)) emit({ type: 'turn.started', turn, attempt, toolsDisabled: this.#toolsDisabled });
    let sent: Promise<Response>;
    try {
      // One budget per turn: the client may retry (before the first event) only what the resends left.
      this.maxRetries = client.retry.maxRetries - requestsSent(attempt - 1, this.#requestRetries);
      sent =
        instrumentation === undefined
          ? this.#send()
          : instrumentation.modelRequest(
              {
                runId: this.#runId,
                turn,
                attempt,
                request: this.#request,
                client,
                price: this.#price,
              },
              (opened) => {
                this.#traced = opened;
                return this.#send();
              },
            );
    } catch (error) {
      sent = Promise.reject(error);
    }
    return sent.then(this.#onAnswer, this.#onFailure);
  }

  /**
   * Sends the attempt (this object is its options) and folds its events; resolves with the final
   * response. Core's stream ends at the terminal event and decides how it ended: the completed or
   * incomplete response, or core's typed error (failed response, error event, cut stream). `forEach`
   * hands each decoded event over synchronously: no promise and no resumption per event.
   */
  #send(): Promise<Response> {
    return this.#client.stream(this.#request, this).forEach(this.#onEvent);
  }

  /** The attempt's answer: the assembled turn, or (if assembling fails) what {@link retry} makes of it. */
  #answered(response: Response): StreamedTurn | Promise<StreamedTurn> {
    try {
      const durationMs = Math.round(performance.now() - this.#started);
      // No event before the terminal one is still a turn: assembled from the response alone.
      const assembler = this.#assembler ?? new TurnAssembler(this.#turn, this.#emit);
      return assembler.finish(response, durationMs, this.#attempt - 1, this.#requestRetries);
    } catch (error) {
      return this.retry(error);
    }
  }

  /** After the attempt under way failed: resend the turn (after `turn.retried` and the backoff), or rethrow. */
  async retry(error: unknown): Promise<StreamedTurn> {
    const client = this.#client;
    const signal = this.signal;
    const attempt = this.#attempt;
    const discardedEvents = this.#assembler?.eventCount ?? 0;
    const sent = requestsSent(attempt, this.#requestRetries);
    if (
      signal.aborted ||
      discardedEvents === 0 ||
      sent > client.retry.maxRetries ||
      !client.retry.isRetryable(error)
    )
      throw error;
    // The backoff grows with every request this turn sent, whichever layer retried it.
    const delayMs = client.retry.delayMs(sent, error);
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.#emit({
      type: 'turn.retried',
      turn: this.#turn,
      attempt: attempt + 1,
      reason,
      delayMs,
      discardedEvents,
    });
    await delay(delayMs, undefined, { signal });
    return this.attempt(attempt + 1);
  }
}

/** Requests a turn has sent after `attempts` attempts: one each, plus the client's retries inside them. */
function requestsSent(attempts: number, requestRetries: number): number {
  return attempts + requestRetries;
}
