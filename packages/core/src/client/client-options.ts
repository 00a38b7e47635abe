import type { Level, Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { ConfigError } from '../errors/config-error.js';
import { DEFAULT_RETRYABLE_400_PATTERNS } from '../http/classify-api-error.js';
import type { ModelEntry } from '../models/model-info.js';
import { createModelTable, type ModelTable } from '../models/model-table.js';
import { checkApiKeyCharacters, checkHeaderOption } from './check-header-option.js';
import { checkDispatcher, checkLogger, count, delayMs, group } from './client-option-checks.js';
import { checkClientOptionKeys } from './client-option-keys.js';
import { urlCredentials, withoutCredentials } from './url-credentials.js';

/** Deadlines of one request, in milliseconds. */
export interface ClientTimeouts {
  /** TCP/TLS connect. Default 10 000 (ignored with a custom `dispatcher`). */
  connectMs?: number;
  /** From sending to the first body byte. Default 600 000: MiMo's first token can take minutes. */
  firstByteMs?: number;
  /** Longest gap between body bytes once data flows. Default 480 000 (8 min): long reasoning turns pause for minutes. */
  idleMs?: number;
  /**
   * Longest gap between two stream events that carry data (SSE comments and heartbeats do not
   * count), so a server that only sends heartbeats or drips bytes cannot hold a slot. Default 900 000.
   */
  eventIdleMs?: number;
  /**
   * The whole call, retries included, from the moment its first attempt gets a limiter slot (time
   * spent queueing is not counted). Default 3 600 000.
   */
  totalMs?: number;
  /** Longest wait for a limiter slot (per attempt); `TimeoutError` phase `queue`. Default: no limit. */
  queueMs?: number;
  /**
   * After a stream's terminal event (the caller is done at that event), how long the end of the
   * body may take to arrive so the connection can be reused; past it the connection is dropped.
   * Runs in the background, never delays the caller. Default 250; 0 drops it at the terminal event.
   */
  drainMs?: number;
}

/** Buffer limits, in bytes: what the server sends beyond them is refused with `LimitExceededError`. */
export interface ClientLimits {
  /** One SSE event (its `data`, framing included). Default 8 388 608 (8 MiB). */
  maxEventBytes?: number;
  /** A non-streaming (`client.create()`) response body. Default 33 554 432 (32 MiB). */
  maxResponseBytes?: number;
  /** How much of an error response's body is read (the rest is dropped, not an error). Default 65 536. */
  maxErrorBodyBytes?: number;
}

/** Options of `createClient()`; every one has a default. */
export interface ClientOptions {
  /** API key. Default: `MIMO_API_KEY`. */
  apiKey?: string;
  /** Base URL ending in `/v1`. Default: `MIMO_BASE_URL`, else `https://api.xiaomimimo.com/v1`. */
  baseURL?: string;
  /** Send the key as `api-key: KEY` (default) or `Authorization: Bearer KEY`. */
  authHeader?: 'bearer' | 'api-key';
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /**
   * Backoff when the server names no wait: first step and cap, in ms (defaults 500 and 30 000).
   * A server's `retry-after(-ms)` is honoured as given up to `maxRetryAfterMs` (default 600 000);
   * a longer one fails with the `RateLimitError` instead of waiting. `retryable400Patterns`: body
   * texts (case-insensitive substrings, or RegExps) that make an HTTP 400 a retryable outage;
   * default MiMo's seen outage texts (`finishConnect(`, `Connection refused`, `Upstream request failed`).
   */
  retry?: {
    baseDelayMs?: number;
    maxDelayMs?: number;
    maxRetryAfterMs?: number;
    retryable400Patterns?: readonly (string | RegExp)[];
  };
  /** Deadlines. */
  timeouts?: ClientTimeouts;
  /** Requests in flight at once (also the pool size). Default 10. */
  maxConcurrency?: number;
  /** Requests started per minute; MiMo's account limit is 100 per model. Default 100; `Infinity` for none. */
  requestsPerMinute?: number;
  /** A pino logger, or a level for a new one. Default `'silent'`. */
  logger?: Logger | Level | 'silent';
  /** Buffer limits for what the server sends. */
  limits?: ClientLimits;
  /** Extra headers on every request (not the auth header: use `apiKey`; not host, content-length, …). */
  headers?: Record<string, string>;
  /** An undici dispatcher to use instead of the client's own pool (the client will not close it). */
  dispatcher?: Dispatcher;
  /** Models to add to the built-in table, or to change field by field (e.g. ultraspeed's `prices`). */
  models?: Readonly<Record<string, ModelEntry>>;
  /** More retired model names, each with its replacement (MiMo's are built in). */
  retiredModels?: Readonly<Record<string, { replacement: string; retiredOn?: string }>>;
}

/** Options after defaults and checks. */
export interface ResolvedClientOptions {
  apiKey: string;
  baseURL: string;
  /** `baseURL` without user and password: the only spelling used in messages and logs. */
  publicBaseURL: string;
  /** User and password of `baseURL`, redacted like the key. */
  urlSecrets: string[];
  authHeader: 'bearer' | 'api-key';
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  retryable400Patterns: readonly (string | RegExp)[];
  timeouts: Required<Omit<ClientTimeouts, 'queueMs'>> & { queueMs: number };
  limits: Required<ClientLimits>;
  maxConcurrency: number;
  requestsPerMinute: number;
  headers: Record<string, string>;
  models: ModelTable;
}

const DEFAULT_BASE_URL = 'https://api.xiaomimimo.com/v1';

function resolveApiKey(raw: unknown): string {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    throw new ConfigError({
      field: 'apiKey',
      problem: 'missing',
      fix: 'set MIMO_API_KEY or pass { apiKey } to createClient()',
    });
  }
  // Never quote the value: it may be a real key in the wrong shape.
  if (typeof raw !== 'string') {
    throw new ConfigError({
      field: 'apiKey',
      problem: `a ${raw === null ? 'null' : typeof raw}, not a string`,
      fix: 'pass the key as a string (sk-… or tp-…)',
    });
  }
  if (/\s/.test(raw)) {
    throw new ConfigError({
      field: 'apiKey',
      problem: 'contains whitespace',
      fix: 'pass the key exactly as issued (sk-… or tp-…)',
    });
  }
  checkApiKeyCharacters(raw);
  return raw;
}

function resolveBaseURL(raw: unknown): string {
  if (raw !== undefined && typeof raw !== 'string') {
    throw new ConfigError({
      field: 'baseURL',
      problem: `a ${raw === null ? 'null' : typeof raw}, not a string`,
      fix: `pass e.g. ${DEFAULT_BASE_URL}`,
    });
  }
  const value = raw ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ConfigError(
      {
        field: 'baseURL',
        problem: `${JSON.stringify(withoutCredentials(value).slice(0, 200))} is not a URL`,
        fix: `pass e.g. ${DEFAULT_BASE_URL}`,
      },
      { cause },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError({
      field: 'baseURL',
      problem: `protocol ${url.protocol}`,
      fix: `use an http(s) URL such as ${DEFAULT_BASE_URL}`,
    });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError({
      field: 'baseURL',
      problem: 'has a query or fragment',
      fix: 'pass only origin and path, e.g. https://api.xiaomimimo.com/v1',
    });
  }
  return value.replace(/\/+$/, '');
}

function resolveHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(group('headers', headers))) {
    const key = name.toLowerCase();
    if (key === 'api-key' || key === 'authorization') {
      throw new ConfigError({
        field: `headers.${name}`,
        problem: 'auth header in headers',
        fix: 'pass the key as { apiKey } and choose { authHeader }',
      });
    }
    if (typeof value !== 'string') {
      throw new ConfigError({
        field: `headers.${name}`,
        problem: 'not a string',
        fix: 'pass header values as strings',
      });
    }
    checkHeaderOption(name, value);
    out[key] = value;
  }
  return out;
}

/**
 * Apply defaults (and `MIMO_API_KEY` / `MIMO_BASE_URL` from `env`) and check every option.
 * Throws `ConfigError` naming the field and the fix.
 */
export function resolveClientOptions(
  options: ClientOptions,
  env: Record<string, string | undefined> = process.env,
): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError({
      field: 'options',
      problem: 'not an object',
      fix: 'pass createClient({ … }) or nothing',
    });
  }
  checkClientOptionKeys(options);
  // Only a missing option falls back to the environment; a null or a number is a mistake to report.
  const apiKey = resolveApiKey(options.apiKey === undefined ? env.MIMO_API_KEY : options.apiKey);
  checkLogger(options.logger);
  checkDispatcher(options.dispatcher);
  const authHeader = options.authHeader ?? 'api-key';
  if (authHeader !== 'api-key' && authHeader !== 'bearer') {
    throw new ConfigError({
      field: 'authHeader',
      problem: `${String(authHeader)}`,
      fix: `use 'api-key' or 'bearer'`,
    });
  }
  const t = group('timeouts', options.timeouts);
  const retry = group('retry', options.retry);
  const limits = group('limits', options.limits);
  const baseURL = resolveBaseURL(options.baseURL === undefined ? env.MIMO_BASE_URL : options.baseURL);
  return {
    apiKey,
    baseURL,
    publicBaseURL: withoutCredentials(baseURL),
    urlSecrets: urlCredentials(baseURL),
    authHeader,
    maxRetries: count('maxRetries', options.maxRetries, 2, 0),
    baseDelayMs: delayMs('retry.baseDelayMs', retry.baseDelayMs, 500, 0),
    maxDelayMs: delayMs('retry.maxDelayMs', retry.maxDelayMs, 30_000, 0),
    maxRetryAfterMs: delayMs('retry.maxRetryAfterMs', retry.maxRetryAfterMs, 600_000, 0),
    retryable400Patterns: patterns(retry.retryable400Patterns),
    timeouts: {
      connectMs: delayMs('timeouts.connectMs', t.connectMs, 10_000, 1),
      firstByteMs: delayMs('timeouts.firstByteMs', t.firstByteMs, 600_000, 1),
      idleMs: delayMs('timeouts.idleMs', t.idleMs, 480_000, 1),
      eventIdleMs: delayMs('timeouts.eventIdleMs', t.eventIdleMs, 900_000, 1),
      totalMs: delayMs('timeouts.totalMs', t.totalMs, 3_600_000, 1),
      queueMs: delayMs('timeouts.queueMs', t.queueMs, Number.POSITIVE_INFINITY, 1, true),
      drainMs: delayMs('timeouts.drainMs', t.drainMs, 250, 0),
    },
    limits: {
      maxEventBytes: count('limits.maxEventBytes', limits.maxEventBytes, 8 * 1024 * 1024, 1024),
      maxResponseBytes: count('limits.maxResponseBytes', limits.maxResponseBytes, 32 * 1024 * 1024, 1024),
      maxErrorBodyBytes: count('limits.maxErrorBodyBytes', limits.maxErrorBodyBytes, 64 * 1024, 1024),
    },
    maxConcurrency: count('maxConcurrency', options.maxConcurrency, 10, 1),
    requestsPerMinute: count('requestsPerMinute', options.requestsPerMinute, 100, 1, true),
    headers: resolveHeaders(options.headers),
    models: createModelTable({ models: options.models, retired: options.retiredModels }),
  };
}

function patterns(value: unknown): readonly (string | RegExp)[] {
  if (value === undefined) return DEFAULT_RETRYABLE_400_PATTERNS;
  const ok =
    Array.isArray(value) &&
    value.every((pattern) => (typeof pattern === 'string' && pattern !== '') || pattern instanceof RegExp);
  if (!ok) {
    throw new ConfigError({
      field: 'retry.retryable400Patterns',
      problem: 'not a list of non-empty strings or RegExps',
      fix: "pass e.g. ['Upstream request failed'], or [] to retry no 400",
    });
  }
  return [...value];
}
