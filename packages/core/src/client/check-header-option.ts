import { ConfigError } from '../errors/config-error.js';

/** Header names the HTTP layer owns: a caller's value would break framing or routing. */
const REFUSED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'connection',
  'keep-alive',
  'expect',
  'te',
  'trailer',
]);

/** RFC 9110 token characters: what a header name may contain. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Characters no header value may carry: CR, LF, NUL and the other controls except tab. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is refused.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** True when every character fits in one byte (HTTP/1.1 headers are latin1). */
function isLatin1(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * Check one entry of `createClient({ headers })` so that a bad one is refused now, not at send time
 * (where it would be retried as a connection error). The value is never quoted: it may be a secret.
 */
export function checkHeaderOption(name: string, value: string): void {
  const field = `headers[${JSON.stringify(name.slice(0, 64))}]`;
  if (!TOKEN.test(name)) {
    throw new ConfigError({
      field,
      problem: 'the name is not a valid HTTP header name (empty, or has spaces, CR/LF or other separators)',
      fix: 'use letters, digits and - only, e.g. "x-trace-id"',
    });
  }
  if (REFUSED_HEADERS.has(name.toLowerCase())) {
    throw new ConfigError({
      field,
      problem: 'the HTTP layer sets this header itself',
      fix: 'remove it from headers',
    });
  }
  if (CONTROL.test(value)) {
    throw new ConfigError({
      field,
      problem: 'the value contains CR, LF, NUL or another control character',
      fix: 'pass a single-line value without control characters',
    });
  }
  if (!isLatin1(value)) {
    throw new ConfigError({
      field,
      problem: 'the value has characters outside latin1, which HTTP headers cannot carry',
      fix: 'percent-encode or base64 the value first',
    });
  }
}

/**
 * Check that an API key can travel in a header: no control characters (NUL included) and latin1
 * only. The key is never quoted.
 */
export function checkApiKeyCharacters(key: string): void {
  if (CONTROL.test(key) || !isLatin1(key)) {
    throw new ConfigError({
      field: 'apiKey',
      problem: 'contains control characters (e.g. NUL) or non-latin1 characters',
      fix: 'pass the key exactly as issued (sk-… or tp-…)',
    });
  }
}
