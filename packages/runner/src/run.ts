import { ConfigError, validateInput } from '@mimo-agents/core';
import { createToolRegistry, type OutputSpec } from '@mimo-agents/tools';
import type { Agent } from './agent.js';
import { resolveAgentLimits } from './agents/agent-limits.js';
import { outputForAgent } from './agents/handoff-output.js';
import { toolCallScope } from './agents/tool-call-scope.js';
import { useAgent } from './agents/use-agent.js';
import { DEFAULT_FINAL_ANSWER_PROMPT } from './build-request.js';
import { CheckpointExistsError } from './checkpoint/checkpoint-exists-error.js';
import { checkpointSaver } from './checkpoint/checkpoint-saver.js';
import type { RunEvent } from './events.js';
import { normalizeInput } from './history/normalize-input.js';
import { NEVER_ABORTED } from './loop/never-aborted.js';
import { type LoopOptions, runFromState } from './loop/run-from-state.js';
import { newRunId } from './new-run-id.js';
import { checkRunId } from './options/check-run-id.js';
import {
  checkRunOptionKeys,
  RUN_FROM_STATE_OPTION_KEYS,
  RUN_OPTION_KEYS,
} from './options/run-option-keys.js';
import { outputSettings } from './output/output-settings.js';
import type { FinalOutput, RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';
import { createRunState, type RunState } from './run-state.js';
import { RunStream } from './run-stream.js';
import { bindSession, openSession } from './session/bind-session.js';
import { markEventsWanted } from './turn/events-wanted.js';

/** Default `maxTurns`. */
export const DEFAULT_MAX_TURNS = 10;
/** Default `maxToolConcurrency`. */
export const DEFAULT_MAX_TOOL_CONCURRENCY = 8;

// Read-only values every run's loop options share (what a run would otherwise hold a copy of).
const NO_TOOLS = createToolRegistry([]);
const DEFAULT_FINAL_ANSWER: LoopOptions['finalAnswer'] = Object.freeze({
  strategy: 'omit-tools',
  prompt: DEFAULT_FINAL_ANSWER_PROMPT,
});
const TOP_PATH: readonly string[] = Object.freeze([]);
const DEFAULT_AGENT_LIMITS = Object.freeze(resolveAgentLimits(undefined));

/** The emitter of `run()`: its events are not read by anyone (per-delta events are not even built). */
const DROP_EVENTS = markEventsWanted(
  (_event: RunEvent) => {},
  () => false,
);

/**
 * Runs an agent to its end and returns the result (the same loop as `streamRun`, consumed internally).
 * @example
 * const result = await run({ client, agent, input: 'Weather in Paris?', maxTurns: 8 });
 * console.log(result.finalOutput, result.usage);
 */
export function run<TOutput extends OutputSpec | undefined = undefined, TContext = unknown>(
  options: RunOptions<TOutput, TContext>,
): Promise<RunResult<FinalOutput<TOutput>>> {
  // What `streamRun(options).finalResult()` does, without the stream: nobody reads the events and only
  // `options.signal` can abort the run, so no event queue, no stream object, no controller.
  return startRun(options, options.runId ?? newRunId(), DROP_EVENTS, undefined) as Promise<
    RunResult<FinalOutput<TOutput>>
  >;
}

/**
 * Starts an agent run and returns its event stream; `await stream.finalResult()` for the result. With a
 * `checkpoint` store and a `runId` that already has a checkpoint there, the run fails with
 * `CheckpointExistsError` before any request: continue it with `resume()` or delete it first.
 * @example
 * const stream = streamRun({ client, agent, input: 'Weather in Paris?' });
 * for await (const event of stream) if (event.type === 'text.delta') process.stdout.write(event.delta);
 */
export function streamRun<TOutput extends OutputSpec | undefined = undefined, TContext = unknown>(
  options: RunOptions<TOutput, TContext>,
): RunStream<FinalOutput<TOutput>> {
  const runId = options.runId ?? newRunId();
  return new RunStream<FinalOutput<TOutput>>(
    (emit, signal) => startRun(options, runId, emit, signal),
    options.maxBufferedEvents,
  );
}

/**
 * The run behind `run()` and `streamRun()`: options checked, input (and session) read, the loop started.
 * Returns the loop's own promise when nothing has to be loaded first (no session, no given `runId` to
 * look up): one promise fewer for a run to hold while it waits. Never throws: every error rejects.
 */
function startRun<TOutput extends OutputSpec | undefined, TContext>(
  options: RunOptions<TOutput, TContext>,
  runId: string,
  emit: LoopOptions['emit'],
  streamSignal: AbortSignal | undefined,
): Promise<RunResult<unknown>> {
  try {
    checkRunOptionKeys(options, RUN_OPTION_KEYS, 'run()');
    checkRunId(options.runId);
    // The same check as client.create(): '' or [] is refused here, before anything is saved or sent.
    validateInput(options.input);
    // (A given `runId` takes that path even without a store: the loop then starts a tick later, after
    // the caller of `streamRun` has had its turn, as it always has; an `agentTool` relies on it.)
    if (options.session !== undefined || options.runId !== undefined)
      return startLoadedRun(options, runId, emit, streamSignal);
    const state = createRunState({ runId, agent: options.agent, input: normalizeInput(options) });
    return runFromState(state, loopOptions(options, emit, streamSignal));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `startRun` with a session to open, or a given `runId` (which may already be saved in the store). */
async function startLoadedRun<TOutput extends OutputSpec | undefined, TContext>(
  options: RunOptions<TOutput, TContext>,
  runId: string,
  emit: LoopOptions['emit'],
  streamSignal: AbortSignal | undefined,
): Promise<RunResult<unknown>> {
  const { session } = options;
  const opened = session === undefined ? undefined : await openSession(session, options.history);
  const input = normalizeInput(options);
  if (opened !== undefined) input.unshift(...opened.history);
  const state = createRunState({ runId, agent: options.agent, input });
  const loop = loopOptions(options, emit, streamSignal);
  if (session !== undefined && opened !== undefined) bindSession(loop, session, opened);
  // A generated id is new by construction; a given one may name a run that is already saved.
  if (options.runId !== undefined && (await options.checkpoint?.load(runId)) !== undefined)
    throw new CheckpointExistsError({ runId });
  return runFromState(state, loop);
}

/** Options of `streamRunFromState`: those of a run, minus what the state already holds, plus `onStep`. */
export type RunFromStateOptions<
  TOutput extends OutputSpec | undefined = undefined,
  TContext = unknown,
> = Omit<RunOptions<TOutput, TContext>, 'input' | 'history' | 'runId' | 'session'> &
  Pick<LoopOptions, 'onStep'>;

/**
 * Continues a run from a saved `RunState` (e.g. a checkpoint): a pending tool turn is finished first,
 * calls that already have an outcome are not run again. `onStep` sees the state after every step
 * (after the `checkpoint` store, if any, has saved it).
 */
export function streamRunFromState<TOutput extends OutputSpec | undefined = undefined, TContext = unknown>(
  state: RunState,
  options: RunFromStateOptions<TOutput, TContext>,
): RunStream<FinalOutput<TOutput>> {
  return new RunStream<FinalOutput<TOutput>>(async (emit, signal) => {
    checkRunOptionKeys(options, RUN_FROM_STATE_OPTION_KEYS, 'streamRunFromState()');
    return runFromState(state, loopOptions(options, emit, signal));
  }, options.maxBufferedEvents);
}

/** The loop's options from a run's: defaults applied, settings checked, the checkpoint store wired to `onStep`. */
export function loopOptions<TOutput extends OutputSpec | undefined, TContext>(
  options: RunFromStateOptions<TOutput, TContext> & Pick<RunOptions<TOutput, TContext>, 'session'>,
  emit: LoopOptions['emit'],
  streamSignal: AbortSignal | undefined,
): LoopOptions {
  const maxTurns = options.maxTurns ?? DEFAULT_MAX_TURNS;
  if (!Number.isInteger(maxTurns) || maxTurns < 1)
    throw new ConfigError({
      field: 'maxTurns',
      problem: `${maxTurns}`,
      fix: 'pass a whole number of at least 1',
    });
  const maxToolConcurrency = options.maxToolConcurrency ?? DEFAULT_MAX_TOOL_CONCURRENCY;
  if (!Number.isInteger(maxToolConcurrency) || maxToolConcurrency < 1)
    throw new ConfigError({
      field: 'maxToolConcurrency',
      problem: `${maxToolConcurrency}`,
      fix: 'pass a whole number of at least 1',
    });
  // The run's own signal (a RunStream's; for `run()`, the shared one that never aborts) and the caller's.
  // The loop's listeners go on a signal of this run only, never on the caller's (which may outlive the run).
  let signal: AbortSignal;
  if (options.signal === undefined) signal = streamSignal ?? NEVER_ABORTED;
  else
    signal = AbortSignal.any(streamSignal === undefined ? [options.signal] : [options.signal, streamSignal]);
  // A run started by a tool of another run (an `agentTool`) is part of that run's tree of agents.
  const parent = toolCallScope.getStore();
  const startOutput = outputSettings({
    output: options.agent.output,
    outputMode: options.outputMode,
    maxOutputRepairs: options.maxOutputRepairs,
    modelTakesJsonSchema: options.client.models.get(options.agent.model)?.jsonSchema,
  });
  const loop: LoopOptions = {
    client: options.client,
    // The loop is untyped inside: the tools' context type was checked against `context` at the call.
    agent: options.agent as Agent<OutputSpec | undefined>,
    registry: NO_TOOLS,
    maxTurns,
    onMaxTurns: options.onMaxTurns ?? 'error',
    finalAnswer:
      options.finalAnswer === undefined
        ? DEFAULT_FINAL_ANSWER
        : {
            strategy: options.finalAnswer.strategy ?? 'omit-tools',
            prompt: options.finalAnswer.prompt ?? DEFAULT_FINAL_ANSWER_PROMPT,
          },
    stopWhen: options.stopWhen,
    maxToolConcurrency,
    signal,
    context: options.context,
    toolLimits: { agent: options.agent.toolLimits, run: options.toolLimits },
    emit,
    // Structured output: the agent's; after a handoff the target's, or this one's if it has none.
    output: startOutput,
    contextPolicy: options.contextPolicy,
    promptCacheKey: options.promptCacheKey ?? options.session?.id,
    prices: options.prices,
    checkpoint: options.checkpoint,
    // Set by `useAgent` and below; present from the start so the object keeps one shape.
    price: undefined,
    instrumentation: options.instrumentation,
    agentPath: parent?.path ?? TOP_PATH,
    agentTree: parent?.tree ?? {
      limits:
        options.agentLimits === undefined ? DEFAULT_AGENT_LIMITS : resolveAgentLimits(options.agentLimits),
      subRuns: 0,
      // Set by `bindAgentTree`; in the literal so the tree has no separate property store.
      counter: undefined,
    },
    // An agentTool sub-run under budgets adds its requests to the tree's live spending (see `treeBudget`).
    spending: parent?.spending,
  };
  // Only an agent with handoffs can hand the run over (its transfer tools are in the run's registry
  // from the start): only then is the output of another agent ever looked up.
  if ((options.agent.handoffs?.length ?? 0) > 0)
    loop.outputFor = outputForAgent({
      client: options.client,
      start: startOutput,
      outputMode: options.outputMode,
      maxOutputRepairs: options.maxOutputRepairs,
    });
  // The registry (with the transfer tools of its handoffs), tool limits and price of the agent.
  useAgent(loop, options.agent, undefined);
  const save =
    options.checkpoint === undefined ? undefined : checkpointSaver({ store: options.checkpoint, emit });
  const { onStep } = options;
  if (save !== undefined && onStep !== undefined)
    loop.onStep = async (state, step) => {
      await save(state, step);
      await onStep(state, step);
    };
  else {
    const only = save ?? onStep;
    if (only !== undefined) loop.onStep = only;
  }
  return loop;
}
