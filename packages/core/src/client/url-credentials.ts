/** `user:pass@` right after the scheme of a URL. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

/**
 * A URL as it may be printed: without `user:password@`. Messages and logs name the base URL; the
 * credentials of a URL never appear there.
 * @example withoutCredentials('http://me:pw@host/v1') // 'http://host/v1'
 */
export function withoutCredentials(url: string): string {
  return url.replace(USERINFO, '$1');
}

/** The user name and password of a URL (raw and decoded), to redact wherever they might be echoed. */
export function urlCredentials(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const out = new Set<string>();
  for (const part of [parsed.username, parsed.password]) {
    if (part === '') continue;
    out.add(part);
    try {
      out.add(decodeURIComponent(part));
    } catch {
      // A malformed escape: the raw spelling is already kept.
    }
  }
  return [...out];
}
