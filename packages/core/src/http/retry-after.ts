import { type HeaderBag, headerValue } from './header-value.js';

/**
 * The wait a server asked for, in milliseconds: `retry-after-ms`, else `retry-after` as
 * seconds or an HTTP date. `undefined` when absent or unreadable (MiMo has not been seen
 * sending either, so callers fall back to backoff).
 * @example parseRetryAfter({ 'retry-after': '2' }) // 2000
 */
export function parseRetryAfter(headers: HeaderBag, now: number = Date.now()): number | undefined {
  const ms = headerValue(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headerValue(headers, 'retry-after')?.trim();
  if (after === undefined || after === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
