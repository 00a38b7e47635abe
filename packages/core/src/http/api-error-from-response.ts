import { ApiError, type ApiErrorFields } from '../errors/api-error.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { clipText } from '../log/clip-text.js';
import { redactSecrets } from '../log/redact-secrets.js';
import { safeRaw } from '../sse/parse-stream-event.js';
import type { HeaderBag } from './header-value.js';
import { requestIdOf } from './header-value.js';
import { parseRetryAfter } from './retry-after.js';

/** Input of {@link apiErrorFromResponse}. */
export interface ErrorResponse {
  status: number;
  headers: HeaderBag;
  /** The raw body text (JSON, or SSE-style `data:{"error":…}`). */
  bodyText: string;
  /** The base URL the request went to, named in a 401 message. */
  baseURL: string;
  /** Secrets to redact from anything quoted. */
  secrets?: readonly string[];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Read `{ error: { code, message, param, type } }`, also when it arrives as SSE `data:` lines. */
export function parseErrorBody(bodyText: string): Omit<ApiErrorFields, 'status' | 'requestId'> | undefined {
  const trimmed = bodyText.trim();
  // Streamed requests were seen getting their 4xx body SSE-style; take the data line, not the framing.
  const dataLine = trimmed.split(/\r?\n/).find((line) => line.startsWith('data:'));
  const json = dataLine === undefined ? trimmed : dataLine.slice(5).trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const error = (parsed as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const fields = error as Record<string, unknown>;
  return {
    serverCode: text(fields.code),
    serverMessage: text(fields.message),
    param: text(fields.param),
    serverType: text(fields.type),
  };
}

function hint(status: number, baseURL: string): string {
  switch (status) {
    case 401:
      return ` Fix: check the API key and that it belongs to this host (${baseURL}): sk- keys work only on https://api.xiaomimimo.com/v1, tp- keys only on their own token-plan cluster.`;
    case 404:
      return notFoundHint(baseURL);
    case 402:
      return ' Fix: top up the account balance (or check the token plan quota); not retried.';
    case 403:
      return ' The account is blocked for this region or by risk control; not retried.';
    case 421:
      return ' The content filter refused the request; not retried.';
    case 429:
      return ' Too many requests; lower requestsPerMinute or maxConcurrency if it persists.';
    default:
      if (status >= 300 && status < 400)
        return ' The server answered with a redirect, which is not followed (the key is never sent to another URL). Fix: set baseURL to the final URL.';
      return status >= 500 ? ' The server failed to answer (retryable).' : '';
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Who answered: MiMo on its own hosts, "the local server" on loopback, else the host by name. */
export function errorSource(baseURL: string, status: number): string {
  let host: string;
  let hostname: string;
  try {
    ({ host, hostname } = new URL(baseURL));
  } catch {
    return `API error ${status}`;
  }
  if (hostname === 'xiaomimimo.com' || hostname.endsWith('.xiaomimimo.com'))
    return `MiMo API error ${status}`;
  if (LOOPBACK.has(hostname)) return `Local server error ${status} (${host}, not MiMo)`;
  return `API error ${status} from ${host}`;
}

/**
 * Append what the retries did to the error a call finally throws: how many attempts were made, or
 * that none was retried and why. Only retryable API errors get the sentence.
 */
export function withAttemptSummary(error: ApiError, attempts: number, maxRetries: number): ApiError {
  if (!error.retryable) return error;
  const summary =
    attempts <= 1
      ? ` Not retried (maxRetries: ${maxRetries}).`
      : ` Failed after ${attempts} attempts (${attempts - 1} ${attempts === 2 ? 'retry' : 'retries'}, maxRetries: ${maxRetries}).`;
  const before = `${error.name}: ${error.message}`;
  error.message += summary;
  // The stack starts with the message it was taken with: keep the two in step.
  if (error.stack?.startsWith(before) === true)
    error.stack = `${error.name}: ${error.message}${error.stack.slice(before.length)}`;
  return error;
}

/** A 404 from a base URL without `/v1` is nearly always that missing segment. */
function notFoundHint(baseURL: string): string {
  if (/\/v1\/?$/.test(baseURL)) return '';
  return ` Fix: did you mean ${baseURL.replace(/\/+$/, '')}/v1? MiMo serves POST /v1/responses, so baseURL must end in /v1.`;
}

function redactField(value: string | undefined, secrets: readonly string[]): string | undefined {
  return value === undefined ? undefined : clipText(redactSecrets(value, secrets));
}

/** Build the typed error for an HTTP error status: `RateLimitError`, `AuthenticationError` or `ApiError`. */
export function apiErrorFromResponse(response: ErrorResponse): ApiError {
  const secrets = response.secrets ?? [];
  const requestId = requestIdOf(response.headers);
  const parsed = parseErrorBody(response.bodyText);
  // Every quoted field is redacted with the client's own key, not only the message: a server that
  // echoes the key in `param` must not get it into the error's fields, its JSON or a log line.
  const body =
    parsed === undefined
      ? undefined
      : {
          serverCode: redactField(parsed.serverCode, secrets),
          serverMessage: redactField(parsed.serverMessage, secrets),
          param: redactField(parsed.param, secrets),
          serverType: redactField(parsed.serverType, secrets),
        };
  const fields: ApiErrorFields = {
    status: response.status,
    requestId: redactField(requestId, secrets),
    ...body,
  };
  const parts = [body?.serverMessage, body?.param].filter((part) => part !== undefined);
  const detail =
    parts.length > 0 ? parts.join(': ') : `body ${JSON.stringify(safeRaw(response.bodyText, secrets))}`;
  const id = fields.requestId === undefined ? '' : ` (request ${fields.requestId})`;
  const message = redactSecrets(
    `${errorSource(response.baseURL, response.status)}${body?.serverType ? ` ${body.serverType}` : ''}: ${detail}${id}.${hint(response.status, response.baseURL)}`,
    secrets,
  );
  if (response.status === 429) {
    return new RateLimitError({
      ...fields,
      retryAfterMs: parseRetryAfter(response.headers),
      message: message,
    });
  }
  if (response.status === 401) return new AuthenticationError({ ...fields, message: message });
  return new ApiError({ ...fields, message });
}
