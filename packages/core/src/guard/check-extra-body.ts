import { RequestValidationError } from '../errors/request-validation-error.js';
import { UnsupportedParameterError } from '../errors/unsupported-parameter-error.js';
import { isRecord } from '../json/is-record.js';
import { KNOWN_PARAMETERS } from './unsupported-parameters.js';

/**
 * Check `extraBody` (fields the guard does not model, sent as they are): a plain object whose keys
 * are neither fields the guard checks (`model`, `input`, `tools`, `tool_choice`, `reasoning`,
 * `text`, …) nor `stream`, so it can never replace or bypass a checked field. Keys MiMo rejects are
 * refused by the guard's own list. Returns the object to merge.
 */
export function checkExtraBody(extraBody: unknown): Record<string, unknown> {
  if (extraBody === undefined) return {};
  if (!isRecord(extraBody) || Array.isArray(extraBody)) {
    throw new RequestValidationError({
      path: 'extraBody',
      problem: 'expected a plain object',
      fix: 'pass { extraBody: { field: value } }, or leave it out',
    });
  }
  for (const key of Object.keys(extraBody)) {
    if (key === 'stream') {
      throw new UnsupportedParameterError({
        param: 'extraBody.stream',
        reason: 'the client sets it',
        fix: 'call client.stream() for SSE or client.create() for JSON',
      });
    }
    if (KNOWN_PARAMETERS.has(key)) {
      throw new UnsupportedParameterError({
        param: `extraBody.${key}`,
        reason: 'extraBody would replace a field the guard checks, unchecked',
        fix: `set ${key} in the request itself, where it is checked`,
      });
    }
  }
  return extraBody;
}
