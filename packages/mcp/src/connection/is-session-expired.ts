/**
 * True when an error (or one of its causes) is the HTTP 404 a Streamable HTTP server answers for
 * a session it no longer knows; the client must then initialise a new session.
 */
export function isSessionExpired(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { status, data } = current as { status?: unknown; data?: unknown };
    if (status === 404) return true;
    if (typeof data === 'object' && data !== null && (data as { status?: unknown }).status === 404)
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
