/** The most characters of untrusted text (a server's message, a value seen) quoted in one error message. */
export const MAX_QUOTED_CHARS = 1000;

/**
 * Cut `text` to `max` characters, marking the cut with `…`. Redact before cutting, never after: a
 * key that straddles the cut would otherwise keep its first characters.
 * @example clipText(redactSecrets(serverText, secrets))
 */
export function clipText(text: string, max = MAX_QUOTED_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
