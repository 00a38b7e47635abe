import { StreamProtocolError } from '../errors/stream-protocol-error.js';
import { guardRequest } from '../guard/request-guard.js';
import { withRetries } from '../http/with-retries.js';
import { redactError } from '../log/redact-secrets.js';
import type { ResponseRequest } from '../protocol/request.js';
import type { Response } from '../protocol/response.js';
import { safeRaw } from '../sse/parse-stream-event.js';
import { type ClientContext, openAttempt, startCall } from './client-context.js';
import { type RequestOptions, requestMaxRetries } from './request-options.js';

/** `client.create()`: one non-streaming request with guard, limiter, retries and timeouts. */
export async function createResponse(
  context: ClientContext,
  body: ResponseRequest,
  options: RequestOptions = {},
): Promise<Response> {
  const wire = guardRequest(body, {
    stream: false,
    extraBody: options.extraBody,
    models: context.options.models,
  });
  const json = JSON.stringify(wire);
  const maxRetries = requestMaxRetries(options);
  const call = startCall(context, [options.signal]);
  try {
    return await withRetries({
      policy: context.policy,
      limiter: context.limiter,
      logger: context.logger,
      signal: call.signal,
      onRetry: options.onRetry,
      maxRetries,
      run: async (attempt) => {
        const sentAt = Date.now();
        const open = await openAttempt(context, {
          body: json,
          stream: false,
          model: wire.model,
          attempt,
          signal: call.signal,
        });
        const chunks: Uint8Array[] = [];
        try {
          for (let chunk = await open.read(); chunk !== undefined; chunk = await open.read())
            chunks.push(chunk);
        } finally {
          open.close();
        }
        const text = Buffer.concat(chunks).toString('utf8');
        let response: Response;
        try {
          response = JSON.parse(text) as Response;
        } catch (cause) {
          const raw = safeRaw(text, context.secrets);
          throw new StreamProtocolError(`The response body is not JSON (${raw}).`, raw, {
            cause,
            retryable: true,
          });
        }
        context.logger.info(
          {
            status: open.status,
            ms: Date.now() - sentAt,
            attempt,
            requestId: open.requestId,
            usage: response.usage,
          },
          'mimo response done',
        );
        return response;
      },
    });
  } catch (error) {
    context.logger.warn({ err: redactError(error, context.secrets) }, 'mimo request failed');
    throw error;
  } finally {
    call.dispose();
  }
}
