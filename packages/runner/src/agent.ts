import type { ReasoningEffort, ToolChoice } from '@mimo-agents/core';
import type { AnyTool, OutputSpec, ToolLimits } from '@mimo-agents/tools';
import type { Handoff } from './agents/handoff.js';

/** Sampling and output settings sent with every request of the agent. */
export interface ModelSettings {
  /** [0, 1.5]; MiMo ignores it while thinking is on. */
  temperature?: number;
  /** [0.01, 1.0]; MiMo ignores it while thinking is on. */
  top_p?: number;
  /** Reasoning and answer together, [1, 131072]. */
  max_output_tokens?: number;
  /**
   * MiMo honours only `auto` and drops the rest, so the runner gets the effect by what it declares:
   * `none` sends no tools, `{ type: 'function', name }` sends only that tool, `required` is refused.
   */
  tool_choice?: ToolChoice;
  /** `false` also makes the runner execute one call at a time. */
  parallel_tool_calls?: boolean;
}

/**
 * An agent is plain data: a model, its instructions, the tools it may call and, optionally, the
 * schema of its answer (`output`). `TOutput` is that schema's type, `TContext` the type of the run's
 * `context` its tools read as `ctx.context`.
 * @example
 * const agent: Agent = { name: 'weather', model: 'mimo-v2.6-pro', instructions: 'Be brief.', tools: [getWeather] };
 */
export interface Agent<TOutput extends OutputSpec | undefined = undefined, TContext = unknown> {
  /** Shown in events and run state. */
  name: string;
  /** e.g. `mimo-v2.6-pro`; never refused locally. */
  model: string;
  /** The system prompt (MiMo recommends naming the model and today's date). */
  instructions?: string;
  tools?: readonly AnyTool<TContext>[];
  /**
   * Structured output: a zod schema (zod 4 or `zod/v3`) or `{ jsonSchema, validate? }`. The run then
   * ends in `result.finalOutput` typed from it, validated, repaired when invalid (see `maxOutputRepairs`).
   */
  output?: TOutput;
  /** `{ effort: 'none' }` turns thinking off; the other efforts all turn it on. */
  reasoning?: { effort: ReasoningEffort };
  modelSettings?: ModelSettings;
  /** Limits of this agent's tool calls, below a tool's own and above the run's (see `ToolLimits`). */
  toolLimits?: ToolLimits;
  /**
   * Agents this one may hand the conversation to: one transfer tool each (`transfer_to_<name>`). When
   * the model calls one, the run continues with that agent on the same history (see `handoff()`).
   */
  handoffs?: readonly (Agent<OutputSpec | undefined> | Handoff)[];
}
