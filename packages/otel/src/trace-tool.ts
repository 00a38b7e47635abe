import type { Instrumentation, ToolCallInfo } from '@mimo-agents/runner';
import { type Attributes, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { GEN_AI, MIMO } from './gen-ai-attributes.js';
import { contentValue } from './recorded-content.js';
import type { Telemetry } from './telemetry.js';

/** A tool call's outcome, as the runner's `tool` hook hands it over (taken from runner: tools is not a dependency of this package). */
type ToolOutcome = Awaited<ReturnType<Instrumentation['tool']>>;

/**
 * `execute_tool {tool}` around one tool call; the tool's `execute` runs with this span active, so the
 * spans it opens (a database query, an HTTP call, a nested run) are its children.
 */
export async function traceTool(
  telemetry: Telemetry,
  info: ToolCallInfo,
  work: () => Promise<ToolOutcome>,
): Promise<ToolOutcome> {
  const attributes: Attributes = {
    [GEN_AI.operationName]: 'execute_tool',
    [GEN_AI.toolName]: info.name,
    [GEN_AI.toolCallId]: info.callId,
    [GEN_AI.toolType]: 'function',
    [MIMO.runId]: info.runId,
    [MIMO.turn]: info.turn,
    [MIMO.attempt]: info.attempt,
  };
  const redact = (value: string): string =>
    contentValue(value, info.client.redact, telemetry.maxContentLength);
  if (telemetry.recordContent) attributes[GEN_AI.toolCallArguments] = redact(info.arguments);
  const span = telemetry.tracer.startSpan(
    `execute_tool ${info.name}`,
    { kind: SpanKind.INTERNAL, attributes },
    context.active(),
  );
  let outcomeType = 'error';
  let kind: string | undefined;
  const started = performance.now();
  try {
    const outcome = await context.with(trace.setSpan(context.active(), span), work);
    outcomeType = outcome.type;
    span.setAttribute(MIMO.toolOutcome, outcome.type);
    if (outcome.type === 'error') {
      kind = outcome.kind;
      span.setAttribute(GEN_AI.errorType, outcome.kind);
      span.setStatus({ code: SpanStatusCode.ERROR, message: redact(outcome.message) });
    }
    if (telemetry.recordContent) span.setAttribute(GEN_AI.toolCallResult, redact(outcome.output));
    return outcome;
  } catch (error) {
    kind = error instanceof Error ? error.name : '_OTHER';
    span.setAttribute(GEN_AI.errorType, kind);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
    const metric: Attributes = { [GEN_AI.toolName]: info.name, [MIMO.toolOutcome]: outcomeType };
    if (kind !== undefined) metric[GEN_AI.errorType] = kind;
    telemetry.toolDuration.record((performance.now() - started) / 1000, metric);
  }
}
