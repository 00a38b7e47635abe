import { checkOptionKeys, type OptionKeys } from '../options/check-option-keys.js';
import type { ClientLimits, ClientOptions, ClientTimeouts } from './client-options.js';

/** Every option of `createClient()`: a new option of `ClientOptions` must be added here (the typecheck says so). */
export const CLIENT_OPTION_KEYS: OptionKeys<ClientOptions> = {
  apiKey: true,
  baseURL: true,
  authHeader: true,
  maxRetries: true,
  retry: true,
  timeouts: true,
  maxConcurrency: true,
  requestsPerMinute: true,
  logger: true,
  headers: true,
  dispatcher: true,
  models: true,
  retiredModels: true,
  limits: true,
};

/** Every option of `createClient({ timeouts })`. */
export const TIMEOUT_OPTION_KEYS: OptionKeys<ClientTimeouts> = {
  connectMs: true,
  firstByteMs: true,
  idleMs: true,
  totalMs: true,
  eventIdleMs: true,
  queueMs: true,
  drainMs: true,
};

/** Every option of `createClient({ limits })`. */
export const LIMIT_OPTION_KEYS: OptionKeys<ClientLimits> = {
  maxEventBytes: true,
  maxResponseBytes: true,
  maxErrorBodyBytes: true,
};

/** Every option of `createClient({ retry })`. */
export const RETRY_OPTION_KEYS: OptionKeys<NonNullable<ClientOptions['retry']>> = {
  baseDelayMs: true,
  maxDelayMs: true,
  maxRetryAfterMs: true,
  retryable400Patterns: true,
};

const OWNER = 'createClient()';

/** Refuses unknown keys of `createClient()`'s options and of its nested `timeouts`, `retry` and `limits`. */
export function checkClientOptionKeys(options: ClientOptions): void {
  checkOptionKeys({ value: options, known: CLIENT_OPTION_KEYS, owner: OWNER });
  checkOptionKeys({ value: options.timeouts, known: TIMEOUT_OPTION_KEYS, owner: OWNER, path: 'timeouts' });
  checkOptionKeys({ value: options.retry, known: RETRY_OPTION_KEYS, owner: OWNER, path: 'retry' });
  checkOptionKeys({ value: options.limits, known: LIMIT_OPTION_KEYS, owner: OWNER, path: 'limits' });
}
