import type { MimoClient, Response, ResponseRequest, RetryInfo } from '@mimo-agents/core';
import type { OutputSpec, ToolOutcome } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import type { ModelPrice } from '../cost.js';
import type { RunResult } from '../run-result.js';
import type { RunState } from '../run-state.js';

/**
 * Hooks the runner calls around a run, each model request attempt and each tool call, passing the work
 * to do: an implementation runs `work` inside its own context (an OpenTelemetry span made active with
 * `context.with`) and returns what `work` returns, or rethrows what it throws. Without one (the default)
 * the runner calls none of this and allocates nothing for it. See `@mimo-agents/otel`.
 * @example
 * await run({ client, agent, input: 'Weather in Paris?', instrumentation: otelInstrumentation() });
 */
export interface Instrumentation {
  /**
   * Around a whole run (fresh or resumed): resolves with its result, or rejects with its error. The
   * result's `finalOutput` is the answer text, or the validated object for an agent with `output`.
   */
  run(info: RunInstrumentInfo, work: () => Promise<RunResult<unknown>>): Promise<RunResult<unknown>>;
  /**
   * Around one attempt of a model turn: one streamed request, or a resend of the whole turn after its
   * stream failed midway (each resend is a new attempt). Retries the client makes inside the attempt,
   * before any event arrived, are reported to `attempt.retried`.
   */
  modelRequest(
    info: ModelRequestInfo,
    work: (attempt: ModelRequestAttempt) => Promise<Response>,
  ): Promise<Response>;
  /** Around one tool call's execution; the user's `execute` runs inside `work`. Never rejects for a tool fault. */
  tool(info: ToolCallInfo, work: () => Promise<ToolOutcome>): Promise<ToolOutcome>;
}

/** What `Instrumentation.run` is told about a run. */
export interface RunInstrumentInfo {
  runId: string;
  agent: Agent<OutputSpec | undefined>;
  client: MimoClient;
  /**
   * The live run state: `turns` is not empty for a resumed run. An instrumentation may set
   * `state.traceContext` (a small string such as a W3C `traceparent`) before calling `work`: it is saved
   * with the state's checkpoints and read back when the run is resumed.
   */
  state: RunState;
}

/** What `Instrumentation.modelRequest` is told about one attempt. */
export interface ModelRequestInfo {
  runId: string;
  /** 1-based turn number. */
  turn: number;
  /** 1 for the first request of the turn, 2… for resends after a stream failed midway. */
  attempt: number;
  /** The request body (instructions, input, tools), as sent. */
  request: ResponseRequest;
  client: MimoClient;
  /** The model's price when the run has one: for a cost per request. */
  price: ModelPrice | undefined;
}

/** Lets the work of a model request attempt report what happens inside it. */
export interface ModelRequestAttempt {
  /** The client retries the request (before any event arrived): called before its wait. */
  retried(info: RetryInfo): void;
}

/** What `Instrumentation.tool` is told about one tool call. */
export interface ToolCallInfo {
  runId: string;
  turn: number;
  callId: string;
  name: string;
  /** The raw JSON arguments the model sent. */
  arguments: string;
  /** 1 for the first execution; more when a resumed run executes a call that may have started before. */
  attempt: number;
  client: MimoClient;
}
