import { ConfigError, isMimoError } from '@mimo-agents/core';
import { type AnyTool, rawTool, type ToolContext, type ToolParameters, tool } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import type { RunInput } from '../history/normalize-input.js';
import { streamResume } from '../resume.js';
import { streamRun } from '../run.js';
import type { RunResult } from '../run-result.js';
import type { RunStream } from '../run-stream.js';
import { addUsage, emptyUsage } from '../usage.js';
import { AgentLimitError } from './agent-limit-error.js';
import { type ToolCallScope, toolCallScope } from './tool-call-scope.js';

/** Default `timeoutMs` of an agent tool: a whole sub-run, not one function call. */
export const DEFAULT_AGENT_TOOL_TIMEOUT_MS = 600_000;

/** Options of `agentTool()`. */
export interface AgentToolOptions<S extends ToolParameters | undefined = undefined> {
  /** Name the parent model calls the tool by: 1–64 letters, digits, `_` or `-`. */
  name: string;
  /** What the sub-agent does, for the parent model. */
  description: string;
  /**
   * A zod object schema of the arguments; the sub-run's input is their JSON. Default: one string
   * argument `input`, sent to the sub-agent as the user message.
   */
  input?: S;
  /** Turns the sub-run's result into the tool's output (default: `result.finalOutput`, '' when none). */
  output?: (result: RunResult) => unknown;
  /** The sub-run's `maxTurns` (default: the parent run's). */
  maxTurns?: number;
  /** Time limit of the whole sub-run in ms (default 600 000; `Infinity`: none). */
  timeoutMs?: number;
  /** Longest output the parent model reads, in characters (default: the parent's tool limits). */
  maxOutputChars?: number;
}

/**
 * Wraps an agent as a tool of another agent. A call runs the agent as a sub-run with the parent run's
 * client, signal, context and limits; its usage counts in the parent's turn and totals (and budgets),
 * its events reach the parent's stream as `agent.event`s tagged with the agent path, and with a
 * `checkpoint` store it is saved as run `<parent runId>/<callId>` and resumed, not redone, after a crash.
 * @example
 * const triage: Agent = { name: 'triage', model, tools: [agentTool(billing, { name: 'ask_billing', description: 'Billing questions' })] };
 */
export function agentTool<S extends ToolParameters | undefined = undefined>(
  agent: Agent,
  options: AgentToolOptions<S>,
): AnyTool {
  const common = {
    name: options.name,
    description: options.description,
    timeoutMs: options.timeoutMs ?? DEFAULT_AGENT_TOOL_TIMEOUT_MS,
    ...(options.maxOutputChars === undefined ? {} : { maxOutputChars: options.maxOutputChars }),
  };
  const runSub = async (input: RunInput, ctx: ToolContext): Promise<unknown> => {
    const result = await runSubAgent(agent, options, input, ctx);
    return options.output === undefined ? (result.finalOutput ?? '') : options.output(result);
  };
  if (options.input === undefined)
    return rawTool({
      ...common,
      jsonSchema: {
        type: 'object',
        properties: { input: { type: 'string', description: `The request for the ${agent.name} agent.` } },
        required: ['input'],
        additionalProperties: false,
      },
      execute: (args, ctx) => runSub((args as { input: string }).input, ctx),
    });
  return tool({
    ...common,
    parameters: options.input,
    execute: (args, ctx) => runSub(JSON.stringify(args), ctx),
  }) as AnyTool;
}

/** Runs (or, from a checkpoint, resumes) one sub-agent run inside the parent call's scope. */
async function runSubAgent(
  agent: Agent,
  options: AgentToolOptions<ToolParameters | undefined>,
  input: RunInput,
  ctx: ToolContext,
): Promise<RunResult> {
  const scope = toolCallScope.getStore();
  if (scope === undefined)
    throw new ConfigError({
      field: `agentTool "${options.name}"`,
      problem: 'executed outside a run',
      fix: "put it in an agent's tools and run that agent with run() or streamRun()",
    });
  checkLimits(scope, agent);
  const { settings } = scope;
  const runId = `${scope.runId}/${scope.callId}`;
  const store = settings.checkpoint;
  const base = {
    client: settings.client,
    agent,
    signal: ctx.signal,
    context: ctx.context,
    maxTurns: options.maxTurns ?? settings.maxTurns,
    maxToolConcurrency: settings.maxToolConcurrency,
    ...(settings.toolLimits === undefined ? {} : { toolLimits: settings.toolLimits }),
    ...(settings.prices === undefined ? {} : { prices: settings.prices }),
    ...(settings.instrumentation === undefined ? {} : { instrumentation: settings.instrumentation }),
  };
  // Saved before (a crash after this call started): continue that sub-run instead of starting over.
  const saved = store === undefined ? undefined : await store.load(runId);
  const stream =
    store !== undefined && saved !== undefined
      ? streamResume({ ...base, runId, checkpoint: store })
      : streamRun({ ...base, input, runId, ...(store === undefined ? {} : { checkpoint: store }) });
  let done: () => void = () => {};
  scope.settled = new Promise<void>((resolve) => {
    done = resolve;
  });
  try {
    await forwardEvents(stream, scope, agent.name);
    const result = await stream.finalResult();
    scope.usage = addUsage(scope.usage ?? emptyUsage(), result.usage);
    // Approvals inside a sub-run do not surface on the parent yet: say so instead of an empty answer.
    if (result.status === 'interrupted')
      throw new ConfigError({
        field: `agentTool "${options.name}"`,
        problem: `its ${agent.name} run stopped for approvals, which agent tools do not pass to the parent yet`,
        fix: `give ${agent.name} no tool that needs approval, or run it with run() and handle result.interruptions`,
      });
    return result;
  } catch (error) {
    // An aborted or cut-off sub-run still spent its requests: they count for the parent too.
    const partial = (error as { partialResult?: RunResult }).partialResult;
    if (partial !== undefined) scope.usage = addUsage(scope.usage ?? emptyUsage(), partial.usage);
    if (isMimoError(error) && error.code === 'agent_limit_exceeded') scope.fatal = { error };
    throw error;
  } finally {
    done();
  }
}

/** The parent's tree limits: depth below the top agent and sub-runs started; reaching one fails the run. */
function checkLimits(scope: ToolCallScope, agent: Agent): void {
  const { limits } = scope.tree;
  const agentPath = [...scope.path, agent.name];
  let error: AgentLimitError | undefined;
  if (scope.path.length > limits.maxDepth)
    error = new AgentLimitError({ limit: 'maxDepth', value: limits.maxDepth, agentPath });
  else if (scope.tree.subRuns >= limits.maxSubRuns)
    error = new AgentLimitError({ limit: 'maxSubRuns', value: limits.maxSubRuns, agentPath });
  if (error !== undefined) {
    scope.fatal = { error };
    throw error;
  }
  scope.tree.subRuns += 1;
}

/** Re-emits a sub-run's events on the parent's stream, tagged with the path of the agent that emitted them. */
async function forwardEvents(stream: RunStream, scope: ToolCallScope, first: string): Promise<void> {
  let current = first;
  for await (const event of stream) {
    if (event.type === 'agent.event') scope.emit(event);
    else scope.emit({ type: 'agent.event', agent: [...scope.path, current], callId: scope.callId, event });
    if (event.type === 'agent.handoff') current = event.to;
  }
}
