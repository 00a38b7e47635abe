import { LimitExceededError } from '../errors/limit-exceeded-error.js';
import { StreamProtocolError } from '../errors/stream-protocol-error.js';
import type { OpenResponse } from '../http/send-request.js';
import type { ResponseRequest } from '../protocol/request.js';
import type { Response } from '../protocol/response.js';
import { safeRaw } from '../sse/parse-stream-event.js';
import type { ClientContext } from './client-context.js';
import { prepareRequest, startRequest } from './request-call.js';
import type { RequestOptions } from './request-options.js';

/** `client.create()`: one non-streaming request with guard, limiter, retries and timeouts. */
export async function createResponse(
  context: ClientContext,
  body: ResponseRequest,
  options: RequestOptions = {},
): Promise<Response> {
  const request = startRequest(
    context,
    prepareRequest(body, options, false, context.options.models),
    options,
  );
  try {
    const accepted = await request.accept({
      readAttempt: (open) => readJson(open, context.secrets, context.options.limits.maxResponseBytes),
    });
    request.done(accepted, accepted.value.usage);
    return accepted.value;
  } catch (error) {
    throw request.fail(error);
  } finally {
    request.dispose();
  }
}

/**
 * Reads a whole body (at most `maxBytes`: more is a `LimitExceededError`) and parses it; a body that
 * is not JSON is a retryable `StreamProtocolError`.
 */
async function readJson(open: OpenResponse, secrets: readonly string[], maxBytes: number): Promise<Response> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (let chunk = await open.read(); chunk !== undefined; chunk = await open.read()) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        throw new LimitExceededError({
          setting: 'limits.maxResponseBytes',
          limit: maxBytes,
          message: `The response body is larger than limits.maxResponseBytes (${maxBytes} bytes); reading stopped. Fix: raise limits.maxResponseBytes, or use client.stream().`,
        });
      }
      chunks.push(chunk);
    }
  } finally {
    open.close();
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as Response;
  } catch (cause) {
    const raw = safeRaw(text, secrets);
    throw new StreamProtocolError(
      { message: `The response body is not JSON (${raw}).`, raw },
      { cause, retryable: true },
    );
  }
}
