// PHASE 1: the one place where a job meets the runner. It builds durable runs from what the runner
// exports today (`createRunState`, `streamRunFromState` with `onStep`). When the runner gains the
// `checkpoint` option and `resume()`, this body becomes: load → `resume({ client, agent, runId,
// checkpoint, signal })` if a state exists, else `streamRun({ client, agent, input, runId, checkpoint,
// signal })`, forwarding events to `onEvent`.
import type { MimoClient } from '@mimo-agents/core';
import {
  type Agent,
  createRunState,
  normalizeInput,
  type RunEvent,
  type RunFromStateOptions,
  type RunInput,
  type RunResult,
  type RunResultStatus,
  type RunState,
  streamRunFromState,
} from '@mimo-agents/runner';
import { assertResumable, type CheckpointStore } from './runner-bridge.js';

/** Run settings a worker passes through to every run (turn limits, stop conditions, tool context…). */
export type WorkerRunSettings = Omit<RunFromStateOptions, 'client' | 'agent' | 'signal' | 'onStep'>;

/** Options of `runOrResume`. */
export interface RunOrResumeOptions {
  client: MimoClient;
  agent: Agent;
  runId: string;
  /** Used only when the run has no checkpoint yet. */
  input: RunInput;
  checkpoint: CheckpointStore<RunState>;
  signal?: AbortSignal;
  /** Sees every run event, in order. */
  onEvent?: (event: RunEvent) => void;
  settings?: WorkerRunSettings;
}

const FINISHED: readonly RunResultStatus[] = ['completed', 'incomplete', 'stopped'];

/**
 * Starts a durable run, or continues it from its checkpoint: the state is saved before the first
 * request, after every model turn and after every tool outcome; a run whose checkpoint says it already
 * finished returns that result without calling the model again. A corrupt checkpoint throws
 * `CheckpointCorruptError` (never a silent restart); a state the agent cannot continue (another agent,
 * a tool missing) throws `ResumeMismatchError` before anything is sent.
 */
export async function runOrResume(options: RunOrResumeOptions): Promise<RunResult> {
  const { runId, agent, checkpoint } = options;
  const loaded = await checkpoint.load(runId);
  // Functions are never saved: the agent is supplied again and must fit the state (same agent, tools).
  const saved = loaded === undefined ? undefined : assertResumable({ state: loaded, runId, agent });
  if (saved !== undefined && FINISHED.includes(saved.status as RunResultStatus)) return resultOf(saved);
  const state = saved ?? createRunState({ runId, agent, input: normalizeInput({ input: options.input }) });
  if (saved === undefined) await checkpoint.save(runId, state);
  const stream = streamRunFromState(state, {
    ...options.settings,
    client: options.client,
    agent,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onStep: (step) => checkpoint.save(runId, step),
  });
  try {
    for await (const event of stream) options.onEvent?.(event);
  } catch {
    // The run's error is rethrown by finalResult() below.
  }
  return stream.finalResult();
}

function resultOf(state: RunState): RunResult {
  const result: RunResult = {
    runId: state.runId,
    status: state.status as RunResultStatus,
    finalOutput: state.finalOutput,
    history: state.history,
    newItems: state.history.slice(state.inputLength),
    turns: state.turns,
    usage: state.usage,
    responses: [],
  };
  if (state.incompleteReason !== undefined) result.incompleteReason = state.incompleteReason;
  return result;
}
