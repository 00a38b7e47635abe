import { ConfigError } from '@mimo-agents/core';
import { type OutputSchema, type OutputSpec, outputSchema } from '@mimo-agents/tools';

/**
 * How the final answer is requested: `json_object` sends `text.format: { type: 'json_object' }`;
 * `json_schema` sends the schema natively (`text.format: { type: 'json_schema', name, schema, strict }`).
 * Both also put the schema in the instructions. The default follows the client's model table:
 * `json_schema` where the agent's model has `jsonSchema: true`, else `json_object` (every MiMo V2.6
 * model: MiMo refuses `json_schema`, and core's request guard refuses it for such a model).
 */
export type OutputMode = 'json_object' | 'json_schema';

/** Default `maxOutputRepairs`: repair turns after an answer that does not fit `agent.output`. */
export const DEFAULT_MAX_OUTPUT_REPAIRS = 2;

/** A run's structured-output settings, with defaults applied. */
export interface OutputSettings {
  schema: OutputSchema<unknown>;
  mode: OutputMode;
  maxRepairs: number;
}

/** What a run saves about its structured output: repairs sent, the last answer checked and the object. */
export interface OutputState {
  /** Repair turns sent so far. */
  repairs: number;
  /** The last answer turn that was validated (a resumed run validates a saved, unchecked answer instead of re-asking). */
  checkedTurn?: number;
  /** The validated object, once there is one. */
  value?: unknown;
}

/** The run's output settings from the agent's `output` and the run's options; `undefined` for a text run. */
export function outputSettings(options: {
  output: OutputSpec | undefined;
  outputMode: OutputMode | undefined;
  maxOutputRepairs: number | undefined;
  /** The model table's `jsonSchema` flag for the agent's model (`undefined` for a model it does not know). */
  modelTakesJsonSchema: boolean | undefined;
}): OutputSettings | undefined {
  if (options.output === undefined) return undefined;
  const maxRepairs = options.maxOutputRepairs ?? DEFAULT_MAX_OUTPUT_REPAIRS;
  if (!Number.isInteger(maxRepairs) || maxRepairs < 0)
    throw new ConfigError({
      field: 'maxOutputRepairs',
      problem: `${maxRepairs}`,
      fix: 'pass a whole number of at least 0',
    });
  const mode = options.outputMode ?? (options.modelTakesJsonSchema === true ? 'json_schema' : 'json_object');
  if (mode !== 'json_object' && mode !== 'json_schema')
    throw new ConfigError({
      field: 'outputMode',
      problem: JSON.stringify(mode),
      fix: "pass 'json_object' (default) or 'json_schema'",
    });
  return { schema: outputSchema(options.output), mode, maxRepairs };
}
