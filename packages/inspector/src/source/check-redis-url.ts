import { ConfigError } from '@mimo-agents/core';

/** Refuses anything but a `redis://` / `rediss://` URL, without repeating it (it may hold a password). */
export function checkRedisUrl(url: string): void {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:'))
    throw new ConfigError({
      field: 'redis',
      problem: 'the Redis URL is not a redis:// or rediss:// URL',
      fix: 'give it as redis://[user:password@]host:port[/db] (rediss:// for TLS)',
    });
}
