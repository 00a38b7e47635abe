import { ConfigError, checkOptionKeys, type OptionKeys, unsupportedParameterError } from '@mimo-agents/core';
import { checkToolLimits } from '@mimo-agents/tools';
import type { Agent, ModelSettings } from '../agent.js';
import type { ResumeOptions } from '../resume.js';
import type { RunFromStateOptions } from '../run.js';
import type { RunOptions } from '../run-options.js';

// One list per options type. Typed `OptionKeys<T>`, each must name exactly the keys of its interface:
// adding an option to `RunOptions`, `Agent`, `ModelSettings`… without adding it here fails the typecheck.

/** Every option of `run()` and `streamRun()`. */
export const RUN_OPTION_KEYS: OptionKeys<RunOptions> = {
  client: true,
  agent: true,
  input: true,
  history: true,
  maxTurns: true,
  onMaxTurns: true,
  finalAnswer: true,
  stopWhen: true,
  maxToolConcurrency: true,
  signal: true,
  context: true,
  runId: true,
  checkpoint: true,
  prices: true,
  toolLimits: true,
  contextPolicy: true,
  promptCacheKey: true,
  session: true,
  outputMode: true,
  maxOutputRepairs: true,
  instrumentation: true,
  agentLimits: true,
  maxBufferedEvents: true,
};

/** Every option of `resume()` and `streamResume()`. */
export const RESUME_OPTION_KEYS: OptionKeys<ResumeOptions> = {
  client: true,
  agent: true,
  maxTurns: true,
  onMaxTurns: true,
  finalAnswer: true,
  stopWhen: true,
  maxToolConcurrency: true,
  signal: true,
  context: true,
  prices: true,
  toolLimits: true,
  contextPolicy: true,
  promptCacheKey: true,
  outputMode: true,
  maxOutputRepairs: true,
  instrumentation: true,
  agentLimits: true,
  maxBufferedEvents: true,
  onStep: true,
  runId: true,
  checkpoint: true,
  decisions: true,
  approvalSecret: true,
  undecided: true,
  undecidedReason: true,
};

/** Every option of `streamRunFromState()`. */
export const RUN_FROM_STATE_OPTION_KEYS: OptionKeys<RunFromStateOptions> = {
  client: true,
  agent: true,
  maxTurns: true,
  onMaxTurns: true,
  finalAnswer: true,
  stopWhen: true,
  maxToolConcurrency: true,
  signal: true,
  context: true,
  checkpoint: true,
  prices: true,
  toolLimits: true,
  contextPolicy: true,
  promptCacheKey: true,
  outputMode: true,
  maxOutputRepairs: true,
  instrumentation: true,
  agentLimits: true,
  maxBufferedEvents: true,
  onStep: true,
};

/** Every key of an `Agent`. */
export const AGENT_OPTION_KEYS: OptionKeys<Agent> = {
  name: true,
  model: true,
  instructions: true,
  tools: true,
  reasoning: true,
  modelSettings: true,
  toolLimits: true,
  output: true,
  handoffs: true,
};

/** Every key of an agent's `modelSettings`. */
export const MODEL_SETTINGS_KEYS: OptionKeys<ModelSettings> = {
  temperature: true,
  top_p: true,
  max_output_tokens: true,
  tool_choice: true,
  parallel_tool_calls: true,
};

/** Every key of a run's `finalAnswer`. */
export const FINAL_ANSWER_KEYS: OptionKeys<NonNullable<RunOptions['finalAnswer']>> = {
  strategy: true,
  prompt: true,
};

/** Every key of an agent's `reasoning`. */
export const REASONING_KEYS: OptionKeys<NonNullable<Agent['reasoning']>> = { effort: true };

/** A request parameter given where only its agent setting works: say where it goes. */
function misplaced(key: string, owner: string, path?: string): ConfigError | undefined {
  const field = path === undefined ? key : `${path}.${key}`;
  if (Object.hasOwn(MODEL_SETTINGS_KEYS, key))
    return new ConfigError({
      field,
      problem: `not an option of ${owner}`,
      fix: `set it on the agent: agent.modelSettings.${key}`,
    });
  if (owner !== 'agent' && Object.hasOwn(AGENT_OPTION_KEYS, key) && key !== 'toolLimits')
    return new ConfigError({
      field,
      problem: `not an option of ${owner}`,
      fix: `set it on the agent: agent.${key}`,
    });
  return undefined;
}

/**
 * Refuses unknown keys of a run's options (`owner` is `run()`, `resume()`…) and of its nested objects:
 * a MiMo parameter the client refuses (`previous_response_id`, `store`…) gets the client's own
 * `UnsupportedParameterError`; a model setting or agent key gets where it belongs; anything else the
 * closest valid name.
 */
export function checkRunOptionKeys(
  options: unknown,
  known: Readonly<Record<string, true>>,
  owner: string,
): void {
  checkOptionKeys({
    value: options,
    known,
    owner,
    explain: (key) => unsupportedParameterError(key) ?? misplaced(key, owner),
  });
  const value = options as Partial<RunOptions>;
  checkOptionKeys({ value: value.finalAnswer, known: FINAL_ANSWER_KEYS, owner, path: 'finalAnswer' });
  checkToolLimits('toolLimits', owner, value.toolLimits);
  checkAgentKeys(value.agent);
}

/** Refuses unknown keys of an agent, its `modelSettings`, `reasoning` and `toolLimits`. */
export function checkAgentKeys(agent: unknown): void {
  const owner = 'agent';
  checkOptionKeys({
    value: agent,
    known: AGENT_OPTION_KEYS,
    owner,
    path: 'agent',
    explain: (key) => unsupportedParameterError(key) ?? misplaced(key, owner, 'agent'),
  });
  const value = (agent ?? {}) as Partial<Agent>;
  checkOptionKeys({
    value: value.modelSettings,
    known: MODEL_SETTINGS_KEYS,
    owner,
    path: 'agent.modelSettings',
  });
  checkOptionKeys({ value: value.reasoning, known: REASONING_KEYS, owner, path: 'agent.reasoning' });
  checkToolLimits('agent.toolLimits', owner, value.toolLimits);
}
