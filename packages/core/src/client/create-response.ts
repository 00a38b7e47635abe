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
    const accepted = await request.accept((open) => readJson(open, context.secrets));
    request.done(accepted, { usage: accepted.value.usage });
    return accepted.value;
  } catch (error) {
    throw request.fail(error);
  } finally {
    request.dispose();
  }
}

/** Reads a whole body and parses it; a body that is not JSON is a retryable `StreamProtocolError`. */
async function readJson(open: OpenResponse, secrets: readonly string[]): Promise<Response> {
  const chunks: Uint8Array[] = [];
  try {
    for (let chunk = await open.read(); chunk !== undefined; chunk = await open.read()) chunks.push(chunk);
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
