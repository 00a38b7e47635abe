import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** Fields of an `UnsupportedRuntimeError`. */
export interface UnsupportedRuntimeErrorFields {
  /** The lowest Node.js major version supported, e.g. 22. */
  requiredMajor: number;
  /** The version found, e.g. `20.20.2` (or `not Node.js`). */
  found: string;
}

/**
 * The JavaScript runtime is too old for mimo-agents; thrown when core is imported (before undici
 * loads) and at `createClient()`. Message: `mimo-agents needs Node >= 22; this is 20.20.2. Fix: …`
 */
export class UnsupportedRuntimeError extends MimoError {
  /** The lowest Node.js major version supported, e.g. 22. */
  readonly requiredMajor: number;
  /** The version found, e.g. `20.20.2`. */
  readonly found: string;

  constructor(fields: UnsupportedRuntimeErrorFields, options: MimoErrorOptions = {}) {
    const { requiredMajor, found } = fields;
    super(
      'unsupported_runtime',
      `mimo-agents needs Node >= ${requiredMajor}; this is ${found}. Fix: install Node ${requiredMajor} or later (e.g. the current LTS) and run your program with it; \`node -v\` shows which one runs.`,
      options,
    );
    this.requiredMajor = requiredMajor;
    this.found = found;
  }
}
