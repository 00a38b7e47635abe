import { isMimoError, redactSecrets } from '@mimo-agents/core';

/** Longest `message` (and `fix`) kept in a saved `RunState.error`, in characters. */
export const MAX_SAVED_ERROR_CHARS = 2_000;

/** Why a run failed, as saved in its state (plain JSON, secrets redacted): what the thrown error said. */
export interface SavedRunError {
  /** The error's `code` (`MimoError`), else `'unknown'`. */
  code: string;
  /** Its message without the fix, redacted and cut to 2,000 characters. */
  message: string;
  /** What its message says to do (the text after "Fix: "), when it says. */
  fix?: string;
}

/** The `RunState.error` of a run that ended with `error`; `redact` is the client's (it knows the API key). */
export function savedRunError(error: unknown, redact: (text: string) => string): SavedRunError {
  const code = isMimoError(error) ? error.code : 'unknown';
  const text = error instanceof Error ? error.message : String(error);
  // Both redactions: the client's knows its key; the pattern one covers keys of other clients.
  const clean = redactSecrets(redact(text));
  const at = clean.lastIndexOf(' Fix: ');
  const saved: SavedRunError = { code, message: bounded(at < 0 ? clean : clean.slice(0, at)) };
  if (at >= 0) saved.fix = bounded(clean.slice(at + ' Fix: '.length));
  return saved;
}

function bounded(text: string): string {
  return text.length <= MAX_SAVED_ERROR_CHARS ? text : `${text.slice(0, MAX_SAVED_ERROR_CHARS - 1)}…`;
}
