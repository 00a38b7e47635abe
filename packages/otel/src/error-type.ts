import { isMimoError } from '@mimo-agents/core';

/**
 * `error.type` for an error: a mimo-agents error's stable `code` (e.g. `connection_error`), another
 * error's class name, or `_OTHER` (low cardinality, as the conventions ask).
 */
export function errorType(error: unknown): string {
  if (isMimoError(error)) return error.code;
  if (error instanceof Error && error.name !== '') return error.name;
  return '_OTHER';
}
