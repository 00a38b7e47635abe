/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Header names whose values are always secret. */
export const SECRET_HEADERS: readonly string[] = ['api-key', 'authorization'];

// Shapes a key takes in free text: a bearer token, a header written out, or MiMo's key prefixes.
const PATTERNS: readonly RegExp[] = [
  /(bearer\s+)[^\s"',;]+/gi,
  /((?:"|')?(?:api-key|authorization)(?:"|')?\s*[:=]\s*(?:"|')?)(?!\[REDACTED\])[^"',;\s}]+/gi,
  /\b()(?:sk|tp)-[A-Za-z0-9_-]{8,}/g,
];

/**
 * Replace API keys in `text` with `[REDACTED]`: every string in `secrets`, bearer tokens,
 * `api-key`/`authorization` header values and `sk-…`/`tp-…` keys.
 * @example redactSecrets('Authorization: Bearer sk-abc', ['sk-abc']) // 'Authorization: Bearer [REDACTED]'
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of PATTERNS) out = out.replace(pattern, `$1${REDACTED}`);
  return out;
}

/** A copy of `headers` with `api-key` and `authorization` values replaced by `[REDACTED]`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.includes(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/**
 * Scrub secrets in place from an error's message and stack, and from its `cause` chain
 * (depth-limited), so neither a log line nor a rethrown error carries a key. Returns `error`.
 */
export function redactError<E>(error: E, secrets: readonly string[] = []): E {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const target: Error = current;
    const message = redactSecrets(target.message, secrets);
    const stack = target.stack === undefined ? undefined : redactSecrets(target.stack, secrets);
    // Some errors (DOMException) have read-only fields; those come from the platform, not from a key.
    try {
      if (message !== target.message) target.message = message;
      if (stack !== undefined && stack !== target.stack) target.stack = stack;
    } catch {
      // Leave a read-only error as it is.
    }
    current = target.cause;
  }
  return error;
}
