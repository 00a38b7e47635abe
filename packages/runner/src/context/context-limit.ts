import { ConfigError, type MimoClient } from '@mimo-agents/core';
import type { Agent } from '../agent.js';
import type { ContextPolicy } from './context-policy.js';

/** The token counts a policy works with: act above `limit`, cut down to `target`. */
export interface ContextLimit {
  limit: number;
  target: number;
}

/** Default `threshold.fraction`. */
export const DEFAULT_CONTEXT_FRACTION = 0.8;
/** Default `threshold.targetFraction`. */
export const DEFAULT_TARGET_FRACTION = 0.5;

/**
 * The limit of a policy for an agent: `threshold.tokens`, or `threshold.fraction` of the model's
 * context window (from `client.models`) less the agent's `max_output_tokens` (MiMo counts both).
 * Throws `ConfigError` for a setting out of range or a model the table does not know.
 */
export function contextLimit(
  policy: ContextPolicy,
  client: MimoClient,
  agent: Pick<Agent, 'model' | 'modelSettings'>,
): ContextLimit {
  const {
    tokens,
    fraction = DEFAULT_CONTEXT_FRACTION,
    targetFraction = DEFAULT_TARGET_FRACTION,
  } = policy.threshold ?? {};
  const ratio = (field: string, value: number): void => {
    if (!(Number.isFinite(value) && value > 0 && value <= 1))
      throw new ConfigError({
        field: `contextPolicy.threshold.${field}`,
        problem: String(value),
        fix: 'pass a number above 0 and at most 1',
      });
  };
  ratio('fraction', fraction);
  ratio('targetFraction', targetFraction);
  let limit: number;
  if (tokens !== undefined) {
    if (!(Number.isInteger(tokens) && tokens > 0))
      throw new ConfigError({
        field: 'contextPolicy.threshold.tokens',
        problem: String(tokens),
        fix: 'pass a whole number of tokens above 0',
      });
    limit = tokens;
  } else {
    const window = client.models.get(agent.model)?.contextWindow;
    if (window === undefined)
      throw new ConfigError({
        field: 'contextPolicy.threshold',
        problem: `the model table has no context window for "${agent.model}"`,
        fix: 'pass threshold.tokens, or add the model to createClient({ models })',
      });
    limit = Math.floor(fraction * (window - (agent.modelSettings?.max_output_tokens ?? 0)));
  }
  return { limit, target: Math.floor(limit * targetFraction) };
}
