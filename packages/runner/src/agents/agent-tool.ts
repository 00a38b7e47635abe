import { ConfigError, isMimoError } from '@mimo-agents/core';
import {
  type AnyTool,
  type OutputSpec,
  rawTool,
  type ToolContext,
  type ToolParameters,
  tool,
} from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import { CheckpointNotFoundError } from '../checkpoint/checkpoint-not-found-error.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import type { RunCost } from '../cost.js';
import type { RunInput } from '../history/normalize-input.js';
import { StructuredOutputError } from '../output/structured-output-error.js';
import { streamResume } from '../resume.js';
import { streamRun } from '../run.js';
import type { FinalOutput } from '../run-options.js';
import type { RunResult } from '../run-result.js';
import type { RunState } from '../run-state.js';
import type { RunStream } from '../run-stream.js';
import type { RunUsage } from '../usage.js';
import { AgentLimitError } from './agent-limit-error.js';
import { AgentOutputError } from './agent-output-error.js';
import { countSubRun, uncountSubRun } from './bind-agent-tree.js';
import { chargeFailedSubRun, chargeSubRun, stateCost } from './charge-sub-run.js';
import { settleWithin } from './settle-within.js';
import { answerFor, holdForApprovals } from './sub-run-approvals.js';
import { SubRunBudgetError } from './sub-run-budget-error.js';
import { subRunCleanup } from './sub-run-cleanup.js';
import { SubRunSettleTimeoutError } from './sub-run-settle-timeout-error.js';
import { type ToolCallScope, toolCallScope } from './tool-call-scope.js';
import {
  costWithout,
  subRunBudget,
  type TreeBudget,
  treeBudgetReached,
  usageWithout,
} from './tree-budget.js';

/** Default `timeoutMs` of an agent tool: a whole sub-run, not one function call. */
export const DEFAULT_AGENT_TOOL_TIMEOUT_MS = 600_000;
/** Default `settleTimeoutMs` of an agent tool: how long a cancelled call waits for its sub-run to end. */
export const DEFAULT_SETTLE_TIMEOUT_MS = 10_000;

/**
 * Options of `agentTool()`. `TResult` is the sub-agent's `finalOutput` type: its `output` schema's type
 * (`z.infer`) when it has one, else `string`.
 */
export interface AgentToolOptions<S extends ToolParameters | undefined = undefined, TResult = string> {
  /** Name the parent model calls the tool by: 1–64 letters, digits, `_` or `-`. */
  name: string;
  /** What the sub-agent does, for the parent model. */
  description: string;
  /**
   * A zod object schema of the arguments; the sub-run's input is their JSON. Default: one string
   * argument `input`, sent to the sub-agent as the user message.
   */
  input?: S;
  /**
   * Turns the sub-run's result into the tool's output (default: `result.finalOutput`, '' when none; the
   * validated object for a sub-agent with `output`, which the parent model reads as JSON).
   */
  output?: (result: RunResult<TResult>) => unknown;
  /** The sub-run's `maxTurns` (default: the parent run's). */
  maxTurns?: number;
  /** Time limit of the whole sub-run in ms (default 600 000; `Infinity`: none). */
  timeoutMs?: number;
  /**
   * After the call is cancelled or times out, how long (ms) the parent waits for the sub-run to end, so
   * its usage counts (default 10 000; `Infinity`: no limit). Past it the parent goes on with the call's
   * cancelled / timed-out output and logs a `SubRunSettleTimeoutError` (warn) on the client's logger.
   */
  settleTimeoutMs?: number;
  /** Longest output the parent model reads, in characters (default: the parent's tool limits). */
  maxOutputChars?: number;
  /**
   * Keep the sub-run's checkpoint once the parent has saved the call's outcome (default false: it is
   * deleted then). Kept, the inspector can draw the finished sub-run under its call; it goes with its
   * parent (`deleteRunCheckpoints`, or the jobs worker's `keepFinishedFor` expiry).
   */
  keepCheckpoint?: boolean;
}

/**
 * Wraps an agent as a tool of another agent. A call runs the agent as a sub-run with the parent run's
 * client, signal, context and limits; its usage counts in the parent's turn and totals (and budgets),
 * its events reach the parent's stream as `agent.event`s tagged with the agent path, and with a
 * `checkpoint` store it is saved as run `<parent runId>/<callId>` and resumed, not redone, after a crash.
 * A sub-run that stops for approvals leaves the call waiting: the parent run ends `interrupted` with the
 * sub-run's requests (tagged with `agentPath`), and `resume({ decisions })` on the parent resumes it.
 * @example
 * const triage: Agent = { name: 'triage', model, tools: [agentTool(billing, { name: 'ask_billing', description: 'Billing questions' })] };
 */
export function agentTool<
  TOutput extends OutputSpec | undefined = undefined,
  TContext = unknown,
  S extends ToolParameters | undefined = undefined,
>(agent: Agent<TOutput, TContext>, options: AgentToolOptions<S, FinalOutput<TOutput>>): AnyTool<TContext> {
  // The sub-run is untyped inside; `options.output` was checked against the agent's output type at the call.
  const sub = agent as Agent<OutputSpec | undefined>;
  const mapOutput = options.output as ((result: RunResult<unknown>) => unknown) | undefined;
  const settle = options.settleTimeoutMs;
  if (settle !== undefined && !(typeof settle === 'number' && settle >= 0))
    throw new ConfigError({
      field: `agentTool "${options.name}" settleTimeoutMs`,
      problem: `${settle}`,
      fix: 'pass a number of ms >= 0 (Infinity: no limit)',
    });
  const common = {
    name: options.name,
    description: options.description,
    timeoutMs: options.timeoutMs ?? DEFAULT_AGENT_TOOL_TIMEOUT_MS,
    ...(options.maxOutputChars === undefined ? {} : { maxOutputChars: options.maxOutputChars }),
  };
  const runSub = async (input: RunInput, ctx: ToolContext): Promise<unknown> => {
    const result = await runSubAgent(sub, options, input, ctx);
    // Stopped for approvals: the runner records the call as waiting, this output is never used.
    if (result.status === 'interrupted') return '';
    return mapOutput === undefined ? (result.finalOutput ?? '') : mapOutput(result);
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
    }) as AnyTool<TContext>;
  return tool({
    ...common,
    parameters: options.input,
    execute: (args, ctx) => runSub(JSON.stringify(args), ctx),
  }) as AnyTool<TContext>;
}

/**
 * Errors that fail the parent run instead of becoming the call's output: a tree limit, and a sub-run
 * that cannot be resumed (its agent changed in a deploy, its checkpoint is damaged, unreadable or gone
 * after it paused), at any depth below: each run above fails with the same error. Such a
 * sub-run is not started over (its tools would run twice) and its checkpoint stays for a later resume.
 */
const FATAL_CODES: ReadonlySet<string> = new Set([
  'agent_limit_exceeded',
  'resume_mismatch',
  'checkpoint_corrupt',
  'checkpoint_store_failed',
  'checkpoint_not_found',
]);

/** Runs (or, from a checkpoint, resumes) one sub-agent run inside the parent call's scope. */
async function runSubAgent(
  agent: Agent<OutputSpec | undefined>,
  options: { name: string; maxTurns?: number; keepCheckpoint?: boolean; settleTimeoutMs?: number },
  input: RunInput,
  ctx: ToolContext,
): Promise<RunResult<unknown>> {
  const scope = toolCallScope.getStore();
  if (scope === undefined)
    throw new ConfigError({
      field: `agentTool "${options.name}"`,
      problem: 'executed outside a run',
      fix: "put it in an agent's tools and run that agent with run() or streamRun()",
    });
  checkLimits(scope, agent);
  // Counted as a new sub-run by checkLimits (a call resuming its own sub-run was counted before).
  const counted = scope.subRun === undefined;
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
    // The parent's budgets hold for the tree: the sub-run stops once the parent's spending plus its own reaches one.
    ...(scope.budget === undefined ? {} : { stopWhen: subRunBudget(scope.budget) }),
  };
  // Set before the first await: a call cancelled while its checkpoint loads still waits for this to end.
  let done: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    done = resolve;
  });
  // Awaited by the runner after an abort or timeout: bounded, a stuck sub-run cannot hold the parent.
  const settleTimeoutMs = options.settleTimeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS;
  scope.settled = settleWithin(ended, ctx.signal, settleTimeoutMs, () =>
    settings.client.logger.warn(
      { err: new SubRunSettleTimeoutError({ toolName: options.name, runId, settleTimeoutMs }), runId },
      'sub-run did not end after its call was cancelled',
    ),
  );
  // The sub-run's live state: what it spent when it fails without a partial result.
  let subState: RunState | undefined;
  let charged = false;
  /** Refused for the tree's budget before any sub-run started or was saved. */
  let refused = false;
  scope.onSubRunState = (state) => {
    subState = state;
  };
  try {
    // Saved before (a crash after this call started): continue that sub-run instead of starting over.
    const saved = store === undefined ? undefined : await loadSubRun(store, runId, scope);
    // What it spent before its call was last rolled up (a crash, or a pause for approvals) counts now.
    if (saved !== undefined) scope.spending?.add(...spentSinceRollUp(scope, saved));
    // Cancelled meanwhile: start nothing (a sub-run started now would only leave a checkpoint behind).
    if (ctx.signal.aborted) throw ctx.signal.reason;
    // Before its first request too: once the tree spent a budget of the runs above, none is sent.
    if ((saved === undefined || saved.turns.length === 0) && scope.budget !== undefined) {
      refused = saved === undefined;
      refuseOverBudget(scope.budget, options.name, [...scope.path, agent.name]);
      refused = false;
    }
    const stream =
      store !== undefined && saved !== undefined
        ? streamResume({ ...base, runId, checkpoint: store, ...answerFor(scope, saved) })
        : streamRun({ ...base, input, runId, ...(store === undefined ? {} : { checkpoint: store }) });
    await forwardEvents(stream, scope, agent.name);
    const result = await stream.finalResult();
    chargeSubRun(scope, result);
    charged = true;
    if (result.status !== 'interrupted' && options.keepCheckpoint !== true)
      scope.afterSaved = subRunCleanup(scope, runId, () => subState);
    // Stopped for approvals: they surface on the parent, whose resume answers them through this call.
    if (result.status === 'interrupted') await holdForApprovals(scope, result, agent.name, store);
    return result;
  } catch (error) {
    const fatal = scope.fatal !== undefined || (isMimoError(error) && FATAL_CODES.has(error.code));
    // No sub-run started: it does not count against maxSubRuns (a sibling in this turn may still
    // start), and there is no checkpoint to delete.
    if (refused && error instanceof SubRunBudgetError) {
      if (counted) uncountSubRun(scope.tree);
    }
    // A failed, aborted or cut-off sub-run still spent its requests: they count for the parent too.
    else if (!charged) {
      chargeFailedSubRun(scope, error, subState);
      // A sub-run that could not be resumed keeps its checkpoint (and the approvals it holds), as a top run does.
      if (!fatal && options.keepCheckpoint !== true)
        scope.afterSaved = subRunCleanup(scope, runId, () => subState);
    }
    if (fatal) scope.fatal = { error };
    // An answer that never fitted the sub-agent's schema: the parent model reads why, by path.
    if (error instanceof StructuredOutputError)
      throw new AgentOutputError({ toolName: options.name, agent: agent.name, error });
    throw error;
  } finally {
    done();
  }
}

/**
 * The sub-run's checkpoint. A damaged or unreadable one fails the parent, and so does a missing one
 * when the call had paused in its sub-run before (an expired or deleted checkpoint): starting that
 * sub-run over would run its tools twice.
 */
async function loadSubRun(
  store: CheckpointStore<RunState>,
  runId: string,
  scope: ToolCallScope,
): Promise<RunState | undefined> {
  let saved: RunState | undefined;
  try {
    saved = await store.load(runId);
  } catch (error) {
    scope.fatal = { error };
    throw error;
  }
  if (saved !== undefined || scope.subRun === undefined) return saved;
  const error = new CheckpointNotFoundError({
    runId,
    fix:
      `it is the sub-run of agent tool call "${scope.callId}" of run "${scope.runId}", which paused in it before, ` +
      'so it is not started over (its tools would run again). Restore that checkpoint (keep checkpoints of ' +
      'waiting runs longer than the wait: no shorter TTL), or give the run up with deleteRunCheckpoints(store, ' +
      `"${runId.slice(0, runId.indexOf('/'))}") and start a new one`,
  });
  scope.fatal = { error };
  throw error;
}

/** A restored sub-run's usage and cost beyond what its parent's state already holds of it (`subRun`). */
function spentSinceRollUp(scope: ToolCallScope, saved: RunState): [RunUsage, RunCost | undefined] {
  const rolledUp = scope.subRun;
  return [usageWithout(saved.usage, rolledUp?.usage), costWithout(stateCost(scope, saved), rolledUp?.cost)];
}

/** Throws `SubRunBudgetError` when the tree's live spending has reached one of `budget`'s conditions. */
function refuseOverBudget(budget: TreeBudget, toolName: string, agentPath: readonly string[]): void {
  if (treeBudgetReached(budget))
    throw new SubRunBudgetError({ toolName, agentPath, spentTokens: budget.spending.usage.totalTokens });
}

/** The parent's tree limits: depth below the top agent and sub-runs started; reaching one fails the run. */
function checkLimits(scope: ToolCallScope, agent: Agent<OutputSpec | undefined>): void {
  const { limits } = scope.tree;
  const agentPath = [...scope.path, agent.name];
  let error: AgentLimitError | undefined;
  if (scope.path.length > limits.maxDepth)
    error = new AgentLimitError({ limit: 'maxDepth', value: limits.maxDepth, agentPath });
  // A call resuming its own sub-run after approvals started it already: not a new sub-run.
  else if (scope.subRun === undefined && scope.tree.subRuns >= limits.maxSubRuns)
    error = new AgentLimitError({ limit: 'maxSubRuns', value: limits.maxSubRuns, agentPath });
  if (error !== undefined) {
    scope.fatal = { error };
    throw error;
  }
  if (scope.subRun === undefined) countSubRun(scope.tree);
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
