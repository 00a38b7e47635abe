import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** A missing or malformed option, thrown by `createClient()` before any request. */
export class ConfigError extends MimoError {
  /** The option at fault, e.g. `apiKey` or `timeouts.idleMs`. */
  readonly field: string;

  constructor(field: string, message: string, options: MimoErrorOptions = {}) {
    super('config_invalid', message, options);
    this.field = field;
  }
}
