import type { OutputSpec } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import type { FinalOutput } from '../run-options.js';
import type { RunResult } from '../run-result.js';

/**
 * A result's `finalOutput` typed as `agent`'s, when `agent` answered last (`result.lastAgent`) in its
 * own format; otherwise `undefined`. For runs that hand off to agents whose `output` differs from the
 * starting agent's (the result's static type follows the starting agent).
 * @example
 * const bill = finalOutputOf(result, billing); // z.infer<typeof Bill> | undefined
 */
export function finalOutputOf<TOutput extends OutputSpec | undefined, TContext>(
  result: Pick<RunResult<unknown>, 'finalOutput' | 'lastAgent'>,
  agent: Agent<TOutput, TContext>,
): FinalOutput<TOutput> | undefined {
  if (result.lastAgent !== agent.name || result.finalOutput === undefined) return undefined;
  // A text agent's answer is a string; an object here is the starting agent's output, not this agent's.
  if (agent.output === undefined && typeof result.finalOutput !== 'string') return undefined;
  return result.finalOutput as FinalOutput<TOutput>;
}
