import type { ServerResponse } from 'node:http';
import type { WireErrorBody } from '../wire/response.js';
import type { RecordedCall } from './recorded-call.js';

/** Answers a JSON error body (MiMo's shape unless a custom body is given) and records it. */
export function answerError(options: {
  res: ServerResponse;
  call: RecordedCall;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Write the body as one `data:` line with an SSE content type. */
  asSse?: boolean;
}): void {
  const { res, call, status, body } = options;
  call.status = status;
  if (isErrorBody(body)) call.error = body;
  const json = typeof body === 'string' ? body : JSON.stringify(body);
  const type = options.asSse === true ? 'text/event-stream; charset=utf-8' : 'application/json';
  res.writeHead(status, { 'content-type': type, ...options.headers });
  res.end(options.asSse === true ? `data:${json}\n\n` : json);
}

function isErrorBody(body: unknown): body is WireErrorBody {
  return typeof body === 'object' && body !== null && 'error' in body;
}
