import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** Fields of a `ConfigError`. */
export interface ConfigErrorFields {
  /** The option at fault, e.g. `apiKey` or `timeouts.idleMs`. */
  field: string;
  /** What is wrong with it (the value seen, or what is missing), without the fix. */
  problem: string;
  /** What to do instead. */
  fix: string;
}

/**
 * A missing or malformed option, thrown before any request (by `createClient()`, a request's
 * options, or the runner's settings). Message: `Invalid <field> (<problem>). Fix: <fix>.`
 */
export class ConfigError extends MimoError {
  /** The option at fault, e.g. `apiKey` or `timeouts.idleMs`. */
  readonly field: string;

  constructor(fields: ConfigErrorFields, options: MimoErrorOptions = {}) {
    const { field, problem, fix } = fields;
    super('config_invalid', `Invalid ${field} (${problem}). Fix: ${fix.replace(/\.$/, '')}.`, options);
    this.field = field;
  }
}
