import type { MimoClient } from '@mimo-agents/core';
import type { OutputSpec } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import { type OutputMode, type OutputSettings, outputSettings } from '../output/output-settings.js';

/**
 * Which structured output applies while `agent` is the run's current agent (after a handoff): the
 * agent's own `output` when it declares one, else the output of the agent the run started with (so a
 * target without `output` still answers in the run's schema, and `finalOutput` keeps the run's type).
 */
export type OutputForAgent = (agent: Agent<OutputSpec | undefined>) => OutputSettings | undefined;

/** The `OutputForAgent` of a run: its starting agent's settings, the run's `outputMode` and `maxOutputRepairs`. */
export function outputForAgent(options: {
  client: MimoClient;
  start: OutputSettings | undefined;
  outputMode: OutputMode | undefined;
  maxOutputRepairs: number | undefined;
}): OutputForAgent {
  return (agent) =>
    agent.output === undefined
      ? options.start
      : outputSettings({
          output: agent.output,
          outputMode: options.outputMode,
          maxOutputRepairs: options.maxOutputRepairs,
          modelTakesJsonSchema: options.client.models.get(agent.model)?.jsonSchema,
        });
}
