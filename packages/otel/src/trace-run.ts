import {
  MaxTurnsExceededError,
  RunAbortedError,
  type RunInstrumentInfo,
  type RunResult,
  StructuredOutputError,
} from '@mimo-agents/runner';
import { type Attributes, context, type Link, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { errorType } from './error-type.js';
import { GEN_AI, MIMO, PROVIDER_NAME } from './gen-ai-attributes.js';
import { contentValue, inputMessages, systemInstructions } from './recorded-content.js';
import type { Telemetry } from './telemetry.js';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

/**
 * `invoke_agent {agent}` around a run, a child of the active span (a tool's span, for a run started
 * inside a tool). A resumed run links to the span of the run that first started it (`state.traceContext`).
 */
export async function traceRun(
  telemetry: Telemetry,
  info: RunInstrumentInfo,
  work: () => Promise<RunResult<unknown>>,
): Promise<RunResult<unknown>> {
  const { agent, state, client } = info;
  const earlier = parseTraceparent(state.traceContext);
  const links: Link[] = earlier === undefined ? [] : [{ context: earlier }];
  const attributes: Attributes = {
    [GEN_AI.operationName]: 'invoke_agent',
    [GEN_AI.providerName]: PROVIDER_NAME,
    [GEN_AI.agentName]: agent.name,
    [GEN_AI.requestModel]: agent.model,
    [MIMO.runId]: info.runId,
    [MIMO.resumed]: state.turns.length > 0 || earlier !== undefined,
  };
  if (telemetry.recordContent) {
    const redact = (value: unknown): string => contentValue(value, client.redact, telemetry.maxContentLength);
    if (agent.instructions !== undefined)
      attributes[GEN_AI.systemInstructions] = redact(systemInstructions(agent.instructions));
    attributes[GEN_AI.inputMessages] = redact(inputMessages(state.history.slice(0, state.inputLength)));
  }
  const span = telemetry.tracer.startSpan(
    `invoke_agent ${agent.name}`,
    { kind: SpanKind.INTERNAL, attributes, links },
    context.active(),
  );
  // Kept with the state (and its checkpoints): a resume of this run links back to this span.
  if (state.traceContext === undefined && span.spanContext().traceId !== '00000000000000000000000000000000')
    state.traceContext = formatTraceparent(span.spanContext());
  let status = 'failed';
  try {
    const result = await context.with(trace.setSpan(context.active(), span), work);
    status = result.status;
    describeResult(telemetry, span, result, info);
    return result;
  } catch (error) {
    const partial = partialResultOf(error);
    status =
      error instanceof RunAbortedError
        ? 'aborted'
        : error instanceof MaxTurnsExceededError
          ? 'max_turns'
          : error instanceof StructuredOutputError
            ? 'output_invalid'
            : 'failed';
    if (partial !== undefined) describeResult(telemetry, span, partial, info);
    span.setAttribute(MIMO.runStatus, status);
    span.setAttribute(GEN_AI.errorType, errorType(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: client.redact(error instanceof Error ? error.message : String(error)),
    });
    throw error;
  } finally {
    span.end();
    telemetry.runs.add(1, { [MIMO.runStatus]: status, [GEN_AI.agentName]: agent.name });
  }
}

function partialResultOf(error: unknown): RunResult<unknown> | undefined {
  if (error instanceof RunAbortedError || error instanceof MaxTurnsExceededError) return error.partialResult;
  if (error instanceof StructuredOutputError) return error.partialResult;
  return undefined;
}

/** The run's totals on its span: status, turns, usage, cost, and (with content on) the final answer. */
function describeResult(
  telemetry: Telemetry,
  span: ReturnType<Telemetry['tracer']['startSpan']>,
  result: RunResult<unknown>,
  info: RunInstrumentInfo,
): void {
  span.setAttributes({
    [MIMO.runStatus]: result.status,
    [MIMO.runTurns]: result.turns.length,
    [GEN_AI.inputTokens]: result.usage.inputTokens,
    [GEN_AI.cachedInputTokens]: result.usage.cachedTokens,
    [GEN_AI.outputTokens]: result.usage.outputTokens,
    [GEN_AI.reasoningOutputTokens]: result.usage.reasoningTokens,
  });
  if (result.cost !== undefined) span.setAttribute(MIMO.costUsd, result.cost.total);
  if (telemetry.recordContent && result.finalOutput !== undefined) {
    // A structured-output run's answer is its validated object: recorded as its JSON text.
    const { finalOutput } = result;
    const content = typeof finalOutput === 'string' ? finalOutput : JSON.stringify(finalOutput);
    const output = [{ role: 'assistant', parts: [{ type: 'text', content }] }];
    span.setAttribute(
      GEN_AI.outputMessages,
      contentValue(output, info.client.redact, telemetry.maxContentLength),
    );
  }
}
