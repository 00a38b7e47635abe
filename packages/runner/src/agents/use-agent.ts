import type { OutputSpec } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import { resolvePrice } from '../cost.js';
import type { LoopOptions } from '../loop/run-from-state.js';
import type { HandoffInputFilter } from './handoff.js';
import { registryForAgent } from './registry-for-agent.js';

/** The tool limits of an agent and a run that set none (shared, read-only). */
const NO_TOOL_LIMITS: LoopOptions['toolLimits'] = Object.freeze({ agent: undefined, run: undefined });

/** Makes `agent` the loop's current agent: its tools and transfer tools, its tool limits, its price, its output. */
export function useAgent(
  options: LoopOptions,
  agent: Agent<OutputSpec | undefined>,
  inputFilter: HandoffInputFilter | undefined,
): void {
  options.agent = agent;
  options.registry = registryForAgent(agent);
  const run = options.toolLimits.run;
  options.toolLimits =
    agent.toolLimits === undefined && run === undefined ? NO_TOOL_LIMITS : { agent: agent.toolLimits, run };
  options.price = resolvePrice(options.prices, options.client.models, agent.model);
  // The target's structured output, or the run's (see `OutputForAgent`).
  if (options.outputFor !== undefined) options.output = options.outputFor(agent);
  if (inputFilter === undefined) delete options.inputFilter;
  else options.inputFilter = inputFilter;
}
