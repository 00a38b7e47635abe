import { ConfigError, type FunctionTool, type InputItem, type ResponseRequest } from '@mimo-agents/core';
import type { OutputSpec, ToolRegistry } from '@mimo-agents/tools';
import type { Agent, ModelSettings } from './agent.js';
import { outputInstructions } from './output/output-prompts.js';
import type { OutputSettings } from './output/output-settings.js';

/**
 * How `onMaxTurns: 'final-answer'` asks for an answer without tools (MiMo turns every `tool_choice`
 * into `auto`, so tools must be left out): `omit-tools` resends the history as is with no `tools`;
 * `flatten-history` also rewrites calls and outputs as plain messages, for a server that refuses a
 * history holding function calls when no `tools` are declared (an open question on MiMo).
 */
export type FinalAnswerStrategy = 'omit-tools' | 'flatten-history';

/** The message appended (to that request only) when asking for the final answer without tools. */
export const DEFAULT_FINAL_ANSWER_PROMPT =
  'You have used every tool call allowed for this task. Do not call any tool. Answer now, as well as you can, with the information above.';

/** Options of `buildRequest`. */
export interface BuildRequestOptions {
  agent: Agent<OutputSpec | undefined>;
  history: readonly InputItem[];
  registry: ToolRegistry;
  /** Set for the last request of `onMaxTurns: 'final-answer'`. */
  finalAnswer?: { strategy: FinalAnswerStrategy; prompt: string } | undefined;
  /**
   * Structured output: the schema goes into the instructions and `text.format` on every request of
   * the run (any turn may be the final answer; a model in JSON mode still calls tools), `json_object`
   * or, with `json_schema` mode, the schema itself.
   */
  output?: OutputSettings | undefined;
}

/** The request body of one turn: the full history (MiMo keeps no state), the agent's settings and tools. */
export function buildRequest(options: BuildRequestOptions): ResponseRequest {
  const { agent, registry, finalAnswer } = options;
  const settings = agent.modelSettings;
  let input: InputItem[];
  if (finalAnswer === undefined) input = options.history.slice();
  else {
    input =
      finalAnswer.strategy === 'flatten-history' ? flattenToolItems(options.history) : [...options.history];
    input.push({ role: 'user', content: finalAnswer.prompt });
  }
  const body: ResponseRequest = { model: agent.model, input };
  // The sampling settings, in the order they were given (`tool_choice` and `parallel_tool_calls` go with
  // the tools below); no rest copy of the settings per turn.
  if (settings !== undefined) for (const key in settings) copySampling(body, settings, key);
  const tool_choice = settings?.tool_choice;
  const parallel_tool_calls = settings?.parallel_tool_calls;
  if (agent.instructions !== undefined) body.instructions = agent.instructions;
  if (options.output !== undefined) {
    const { schema, mode } = options.output;
    const asked = outputInstructions(schema.jsonSchema);
    body.instructions = body.instructions === undefined ? asked : `${body.instructions}\n\n${asked}`;
    body.text =
      mode === 'json_schema'
        ? { format: { type: 'json_schema', name: 'output', schema: schema.jsonSchema, strict: true } }
        : { format: { type: 'json_object' } };
  }
  if (agent.reasoning !== undefined) body.reasoning = { ...agent.reasoning };
  const tools = finalAnswer === undefined ? toolsFor(tool_choice, registry) : [];
  if (tools.length > 0) {
    body.tools = tools;
    if (tool_choice === 'auto') body.tool_choice = 'auto';
    if (parallel_tool_calls !== undefined) body.parallel_tool_calls = parallel_tool_calls;
  }
  return body;
}

/** Copies `settings[key]` into `body`, unless it is one of the tool settings or not an own key. */
function copySampling(body: ResponseRequest, settings: ModelSettings, key: string): void {
  if (key === 'tool_choice' || key === 'parallel_tool_calls' || !Object.hasOwn(settings, key)) return;
  (body as unknown as Record<string, unknown>)[key] = (settings as Record<string, unknown>)[key];
}

/**
 * The tools to declare for a `tool_choice`. MiMo silently treats every `tool_choice` as `auto`, so
 * the runner gets the effect by what it declares: `none` declares no tools, a named function
 * declares only that one, and `required`, which no request shape can enforce, is refused.
 */
export function toolsFor(choice: ModelSettings['tool_choice'], registry: ToolRegistry): FunctionTool[] {
  if (choice === undefined || choice === 'auto') return registry.definitions();
  if (choice === 'none') return [];
  if (choice === 'required')
    throw new ConfigError({
      field: 'agent.modelSettings.tool_choice',
      problem: "'required': MiMo ignores it and answers as with 'auto'",
      fix: "leave it unset and ask for the tool in the instructions, or name one tool with { type: 'function', name }",
    });
  const named = registry.definitions().filter((definition) => definition.name === choice.name);
  if (named.length === 0)
    throw new ConfigError({
      field: 'agent.modelSettings.tool_choice',
      problem: `no tool named "${choice.name}"; the agent has ${registry.names().join(', ') || 'no tools'}`,
      fix: "name one of the agent's tools",
    });
  return named;
}

/** Rewrites calls and their outputs as plain messages and drops reasoning (nothing left to glue it to). */
export function flattenToolItems(items: readonly InputItem[]): InputItem[] {
  const flat: InputItem[] = [];
  for (const item of items) {
    switch (item.type) {
      case 'reasoning':
        break;
      case 'function_call':
        flat.push({
          role: 'assistant',
          content: `[called tool ${item.name} (${item.call_id}) with ${item.arguments}]`,
        });
        break;
      case 'function_call_output':
        flat.push({ role: 'user', content: `[result of tool call ${item.call_id}]\n${item.output}` });
        break;
      default:
        flat.push(item);
    }
  }
  return flat;
}
