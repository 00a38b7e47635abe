/** What replaces a secret (the same spelling as `@mimo-agents/testing`'s recorded headers). */
export const REDACTED = '[redacted]';

/** Header names whose values are always secret. */
export const SECRET_HEADERS: readonly string[] = ['api-key', 'authorization'];

// Shapes a key takes in free text: a bearer token, a header written out, or MiMo's key prefixes.
const PATTERNS: readonly RegExp[] = [
  /(bearer\s+)(?!\[redacted\])[^\s"',;]+/gi,
  /((?:"|')?(?:api-key|authorization)(?:"|')?\s*[:=]\s*(?:"|')?)(?!\[redacted\])[^"',;\s}]+/gi,
  /\b()(?:sk|tp)-[A-Za-z0-9_-]{8,}/g,
];

const MAX_DEPTH = 8;

/** What stands in for data nested deeper than {@link redactValue} looks. */
const TOO_DEEP = '[redacted: nested too deep]';

/**
 * Replace API keys in `text` with `[redacted]`: every string in `secrets`, bearer tokens,
 * `api-key`/`authorization` header values and `sk-…`/`tp-…` keys.
 * @example redactSecrets('Authorization: Bearer sk-abc', ['sk-abc']) // 'Authorization: Bearer [redacted]'
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of PATTERNS) out = out.replace(pattern, `$1${REDACTED}`);
  return out;
}

/** A copy of `headers` with `api-key` and `authorization` values replaced by `[redacted]`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.includes(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/**
 * A copy of plain data (strings, arrays, plain objects) with every string passed through
 * {@link redactSecrets} and every `api-key` / `authorization` entry replaced; used by the logger.
 */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  // Deeper than we look is not passed on unread: it could hold anything.
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    out[key] = SECRET_HEADERS.includes(key.toLowerCase()) ? REDACTED : redactValue(entry, secrets, depth + 1);
  }
  return out;
}

/**
 * Scrub secrets in place from an error's message, stack and every own field (`param`,
 * `serverMessage`, `raw`, …, nested data included), and from its `cause` chain (depth-limited),
 * so neither a log line, `JSON.stringify(error)` nor a rethrown error carries a key. Returns `error`.
 */
export function redactError<E>(error: E, secrets: readonly string[] = []): E {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && current instanceof Error; depth++) {
    const target: Error & Record<string, unknown> = current as Error & Record<string, unknown>;
    // Some errors (DOMException) have read-only fields; those come from the platform, not from a key.
    const write = (key: string, value: unknown): void => {
      try {
        if (target[key] !== value) target[key] = value;
      } catch {
        // Leave a read-only field as it is.
      }
    };
    write('message', redactSecrets(target.message, secrets));
    if (typeof target.stack === 'string') write('stack', redactSecrets(target.stack, secrets));
    for (const key of Object.keys(target)) {
      if (key === 'cause') continue;
      const value = target[key];
      if (typeof value === 'string') write(key, redactSecrets(value, secrets));
      else if (typeof value === 'object' && value !== null && !(value instanceof Error))
        write(key, redactValue(value, secrets));
    }
    current = target.cause;
  }
  return error;
}
