import { ApiError, type ApiErrorFields } from '../errors/api-error.js';
import { RetiredModelError } from '../errors/retired-model-error.js';
import { UpstreamOutageError } from '../errors/upstream-outage-error.js';
import type { ModelTable } from '../models/model-table.js';

/** MiMo's own outages answered as HTTP 400 (seen live): the default of `retry.retryable400Patterns`. */
export const DEFAULT_RETRYABLE_400_PATTERNS: readonly string[] = [
  'finishConnect(',
  'Connection refused',
  'Upstream request failed',
];

/** Context of {@link classifyApiError}. */
export interface ClassifyApiErrorOptions {
  /** The model the request named. */
  model: unknown;
  /** The client's model table (retired names and their replacements). */
  models: ModelTable;
  /** Body texts that make a 400 a retryable outage (substring, case-insensitive; or a RegExp). */
  retryable400Patterns: readonly (string | RegExp)[];
}

function fieldsOf(error: ApiError): ApiErrorFields {
  return {
    status: error.status,
    requestId: error.requestId,
    serverCode: error.serverCode,
    serverMessage: error.serverMessage,
    param: error.param,
    serverType: error.serverType,
  };
}

/** The server's own words: the body fields when it sent JSON, else the message (which quotes the raw body). */
function bodyText(error: ApiError): string {
  const parts = [error.serverMessage, error.param].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : error.message;
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string'
    ? text.toLowerCase().includes(pattern.toLowerCase())
    : pattern.test(text);
}

/**
 * Read an HTTP error's body to type it further: a retired model's 400 "Not supported model" or 404
 * becomes `RetiredModelError` (never retried); a 400 matching `retryable400Patterns` becomes a
 * retryable `UpstreamOutageError`. Anything else is returned as it is (a real 400 is never retried).
 */
export function classifyApiError(error: unknown, options: ClassifyApiErrorOptions): unknown {
  if (!(error instanceof ApiError) || error.status === 200) return error;
  const fields = fieldsOf(error);
  const retired = typeof options.model === 'string' ? options.models.retired(options.model) : undefined;
  const text = bodyText(error);
  // A 404 alone could be a wrong baseURL: it must speak of the model (MiMo's carries a migrate hint).
  const saysRetired =
    (error.status === 400 && /not supported model/i.test(text)) ||
    (error.status === 404 && /model|migrat|retire|deprecat/i.test(text));
  if (retired !== undefined && saysRetired) {
    return new RetiredModelError(
      { ...fields, model: retired.name, replacement: retired.replacement, retiredOn: retired.retiredOn },
      { cause: error },
    );
  }
  if (error.status !== 400) return error;
  const pattern = options.retryable400Patterns.find((candidate) => matches(text, candidate));
  if (pattern === undefined) return error;
  return new UpstreamOutageError({ ...fields, pattern: String(pattern) }, { cause: error });
}
