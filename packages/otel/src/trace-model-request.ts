import type { Response } from '@mimo-agents/core';
import type { ModelRequestAttempt, ModelRequestInfo } from '@mimo-agents/runner';
import { type Attributes, context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { errorType } from './error-type.js';
import { GEN_AI, MIMO, PROVIDER_NAME } from './gen-ai-attributes.js';
import { contentValue, inputMessages, outputMessages, systemInstructions } from './recorded-content.js';
import type { Telemetry } from './telemetry.js';

/**
 * `chat {model}` around one attempt of a model turn (a resend after a failed stream is a new span);
 * the client's retries inside the attempt are span events `mimo_agents.request.retry`.
 */
export async function traceModelRequest(
  telemetry: Telemetry,
  info: ModelRequestInfo,
  work: (attempt: ModelRequestAttempt) => Promise<Response>,
): Promise<Response> {
  const { request, client } = info;
  const attributes: Attributes = {
    [GEN_AI.operationName]: 'chat',
    [GEN_AI.providerName]: PROVIDER_NAME,
    [GEN_AI.requestModel]: request.model,
    [MIMO.runId]: info.runId,
    [MIMO.turn]: info.turn,
    [MIMO.attempt]: info.attempt,
  };
  const server = serverOf(client.baseURL);
  if (server !== undefined) {
    attributes[GEN_AI.serverAddress] = server.address;
    attributes[GEN_AI.serverPort] = server.port;
  }
  if (request.max_output_tokens !== undefined)
    attributes[GEN_AI.requestMaxTokens] = request.max_output_tokens;
  if (request.temperature !== undefined) attributes[GEN_AI.requestTemperature] = request.temperature;
  if (request.top_p !== undefined) attributes[GEN_AI.requestTopP] = request.top_p;
  const redact = (value: unknown): string => contentValue(value, client.redact, telemetry.maxContentLength);
  if (telemetry.recordContent) {
    if (request.instructions !== undefined)
      attributes[GEN_AI.systemInstructions] = redact(systemInstructions(request.instructions));
    attributes[GEN_AI.inputMessages] = redact(inputMessages(request.input));
  }
  const span = telemetry.tracer.startSpan(
    `chat ${request.model}`,
    { kind: SpanKind.CLIENT, attributes },
    context.active(),
  );
  const metricAttributes: Attributes = {
    [GEN_AI.operationName]: 'chat',
    [GEN_AI.providerName]: PROVIDER_NAME,
    [GEN_AI.requestModel]: request.model,
  };
  const attempt: ModelRequestAttempt = {
    retried(retry) {
      span.addEvent(MIMO.retryEvent, {
        [MIMO.attempt]: retry.attempt + 1,
        [MIMO.retryDelayMs]: retry.delayMs,
        [MIMO.retryReason]: client.redact(retry.reason),
        [GEN_AI.errorType]: errorType(retry.error),
      });
    },
  };
  const started = performance.now();
  try {
    const response = await context.with(trace.setSpan(context.active(), span), work, undefined, attempt);
    const finish = finishReason(response);
    metricAttributes[GEN_AI.responseModel] = response.model;
    span.setAttributes({
      [GEN_AI.responseId]: response.id,
      [GEN_AI.responseModel]: response.model,
      [GEN_AI.finishReasons]: [finish],
    });
    describeUsage(telemetry, span, info, response, metricAttributes);
    if (telemetry.recordContent)
      span.setAttribute(GEN_AI.outputMessages, redact(outputMessages(response.output, finish)));
    return response;
  } catch (error) {
    fail(span, error, client.redact);
    metricAttributes[GEN_AI.errorType] = errorType(error);
    throw error;
  } finally {
    span.end();
    telemetry.operationDuration.record((performance.now() - started) / 1000, metricAttributes);
  }
}

/** Marks a span failed with `error.type` and a redacted message. */
export function fail(span: Span, error: unknown, redact: (text: string) => string): void {
  span.setAttribute(GEN_AI.errorType, errorType(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: redact(error instanceof Error ? error.message : String(error)),
  });
}

function describeUsage(
  telemetry: Telemetry,
  span: Span,
  info: ModelRequestInfo,
  response: Response,
  metricAttributes: Attributes,
): void {
  const { usage } = response;
  if (usage === undefined) return;
  const cached = usage.input_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  span.setAttributes({
    [GEN_AI.inputTokens]: usage.input_tokens,
    [GEN_AI.cachedInputTokens]: cached,
    [GEN_AI.outputTokens]: usage.output_tokens,
    [GEN_AI.reasoningOutputTokens]: reasoning,
  });
  const { price } = info;
  if (price !== undefined) {
    const cachedInput = Math.min(cached, usage.input_tokens);
    const cost =
      ((usage.input_tokens - cachedInput) * price.inputPerMTok +
        cachedInput * (price.cachedInputPerMTok ?? price.inputPerMTok) +
        usage.output_tokens * price.outputPerMTok) /
      1e6;
    span.setAttribute(MIMO.costUsd, cost);
  }
  telemetry.tokenUsage.record(usage.input_tokens, { ...metricAttributes, [GEN_AI.tokenType]: 'input' });
  telemetry.tokenUsage.record(usage.output_tokens, { ...metricAttributes, [GEN_AI.tokenType]: 'output' });
}

/** The conventions' finish reason for a Responses-API answer (which has a status, not a finish reason). */
export function finishReason(response: Response): string {
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    return reason === 'max_output_tokens' ? 'length' : (reason ?? 'length');
  }
  if (response.status === 'failed') return 'error';
  return response.output.some((item) => item.type === 'function_call') ? 'tool_calls' : 'stop';
}

function serverOf(baseURL: string): { address: string; port: number } | undefined {
  try {
    const url = new URL(baseURL);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { address: url.hostname, port };
  } catch {
    return undefined;
  }
}
