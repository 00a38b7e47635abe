import { setTimeout as delay } from 'node:timers/promises';
import type { MimoClient, Response, ResponseRequest, RetryInfo } from '@mimo-agents/core';
import type { ModelPrice } from '../cost.js';
import type { RunEvent } from '../events.js';
import type { Instrumentation, ModelRequestAttempt } from '../instrumentation/instrumentation.js';
import { wantedCheckOf } from './events-wanted.js';
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
 * attempt), on one object: an attempt is chained with `then`, so a turn waiting for its answer holds
 * no suspended async frame; only a failed attempt continues in the async {@link TurnAttempts.retry}.
 */
class TurnAttempts {
  readonly #options: StreamTurnOptions;
  readonly #started = performance.now();
  #requestRetries = 0;
  // The instrumented attempt under way, told about the client's retries inside it.
  #traced: ModelRequestAttempt | undefined;
  readonly #onRetry = (info: RetryInfo): void => {
    this.#requestRetries += 1;
    this.#traced?.retried(info);
  };

  constructor(options: StreamTurnOptions) {
    this.#options = options;
  }

  attempt(attempt: number): Promise<StreamedTurn> {
    const { client, request, turn, signal, emit, toolsDisabled, instrumentation } = this.#options;
    // Built only when someone reads it (not for `run()`, nor a stream whose events are dropped).
    const wanted = wantedCheckOf(emit);
    if (wanted === undefined || wanted()) emit({ type: 'turn.started', turn, attempt, toolsDisabled });
    const assembler = new TurnAssembler(turn, emit);
    let sent: Promise<Response>;
    try {
      // One budget per turn: the client may retry (before the first event) only what the resends left.
      const maxRetries = client.retry.maxRetries - requestsSent(attempt - 1, this.#requestRetries);
      const sendOptions = { signal, onRetry: this.#onRetry, maxRetries };
      sent =
        instrumentation === undefined
          ? streamAttempt(client, request, sendOptions, assembler)
          : instrumentation.modelRequest(
              {
                runId: this.#options.runId ?? '',
                turn,
                attempt,
                request,
                client,
                price: this.#options.price,
              },
              (opened) => {
                this.#traced = opened;
                return streamAttempt(client, request, sendOptions, assembler);
              },
            );
    } catch (error) {
      sent = Promise.reject(error);
    }
    return sent.then(
      (response) => {
        try {
          const durationMs = Math.round(performance.now() - this.#started);
          return assembler.finish(response, durationMs, attempt - 1, this.#requestRetries);
        } catch (error) {
          return this.retry(error, attempt, assembler);
        }
      },
      (error: unknown) => this.retry(error, attempt, assembler),
    );
  }

  /** After attempt `attempt` failed: resend the turn (after `turn.retried` and the backoff), or rethrow. */
  async retry(error: unknown, attempt: number, assembler: TurnAssembler): Promise<StreamedTurn> {
    const { client, turn, signal, emit } = this.#options;
    const midStream = assembler.eventCount > 0;
    const sent = requestsSent(attempt, this.#requestRetries);
    if (signal.aborted || !midStream || sent > client.retry.maxRetries || !client.retry.isRetryable(error))
      throw error;
    // The backoff grows with every request this turn sent, whichever layer retried it.
    const delayMs = client.retry.delayMs(sent, error);
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    emit({
      type: 'turn.retried',
      turn,
      attempt: attempt + 1,
      reason,
      delayMs,
      discardedEvents: assembler.eventCount,
    });
    await delay(delayMs, undefined, { signal });
    return this.attempt(attempt + 1);
  }
}

/** Sends one attempt and pushes its events to the assembler; resolves with the final response. */
function streamAttempt(
  client: MimoClient,
  request: ResponseRequest,
  options: { signal: AbortSignal; onRetry: (info: RetryInfo) => void; maxRetries: number },
  assembler: TurnAssembler,
): Promise<Response> {
  // Core's stream ends at the terminal event and decides how it ended: the completed or incomplete
  // response, or core's typed error (failed response, error event, cut stream). `forEach` hands each
  // decoded event over synchronously: no promise and no resumption per event.
  return client.stream(request, options).forEach(assembler.push);
}

/** Requests a turn has sent after `attempts` attempts: one each, plus the client's retries inside them. */
function requestsSent(attempts: number, requestRetries: number): number {
  return attempts + requestRetries;
}
