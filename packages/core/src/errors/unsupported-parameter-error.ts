import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** A request parameter MiMo rejects or ignores; refused before anything is sent. */
export class UnsupportedParameterError extends MimoError {
  /** The parameter, as a path (e.g. `text.format.type`). */
  readonly param: string;
  /** What to do instead. */
  readonly fix: string;

  constructor(fields: { param: string; reason: string; fix: string }, options: MimoErrorOptions = {}) {
    const { param, reason, fix } = fields;
    super('unsupported_parameter', `Unsupported parameter ${param}: ${reason}. Fix: ${fix}`, options);
    this.param = param;
    this.fix = fix;
  }
}
