import { ConfigError } from '../errors/config-error.js';
import { closestName } from './closest-name.js';

/**
 * Every key of an options type, as an object of `true`s. Typing the list as `OptionKeys<T>` makes the
 * compiler refuse a list that misses an option of `T` or names one `T` lacks, so adding an option to
 * the interface without registering it here fails the typecheck.
 * @example const TIMEOUT_KEYS: OptionKeys<ClientTimeouts> = { connectMs: true, firstByteMs: true, idleMs: true, totalMs: true };
 */
export type OptionKeys<T> = { readonly [K in keyof Required<T>]: true };

/** Options of `checkOptionKeys()`. */
export interface CheckOptionKeysOptions {
  /** The options object as received (plain JavaScript may pass anything). */
  value: unknown;
  /** The valid keys (an `OptionKeys<T>` object). */
  known: Readonly<Record<string, true>>;
  /** Where the object goes, for the message: `createClient()`, `run()`, `agent`, `tool "x"`. */
  owner: string;
  /** Path of a nested object (`timeouts`, `finalAnswer`), prefixed to the field name. */
  path?: string;
  /**
   * A specific answer for a key that is not an option here but means something elsewhere (a request
   * parameter, an option of a nested object): return the `ConfigError` (or other `MimoError`) to throw.
   */
  explain?: (key: string) => Error | undefined;
}

/**
 * Refuses keys that are not options of `owner` with a `ConfigError` naming the key and the closest
 * valid one ("did you mean maxRetries?"). Does nothing when `value` is not an object (other checks
 * report that). Keys with the value `undefined` are checked too: a misspelt key is a mistake whatever it holds.
 * @example checkOptionKeys({ value: options, known: CLIENT_OPTION_KEYS, owner: 'createClient()' });
 */
export function checkOptionKeys(options: CheckOptionKeysOptions): void {
  const { value, known, owner, path } = options;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(known, key)) continue;
    const explained = options.explain?.(key);
    if (explained !== undefined) throw explained;
    const field = path === undefined ? key : `${path}.${key}`;
    const names = Object.keys(known);
    const closest = closestName(key, names);
    const list = `options of ${owner}${path === undefined ? '' : ` ${path}`}: ${names.join(', ')}`;
    throw new ConfigError({
      field,
      problem: `not an option of ${owner}`,
      fix: closest === undefined ? `remove it (${list})` : `did you mean ${closest}? (${list})`,
    });
  }
}
