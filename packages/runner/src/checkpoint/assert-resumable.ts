import type { Agent } from '../agent.js';
import type { RunState } from '../run-state.js';
import { checkRunStateShape } from './check-run-state-shape.js';
import { ResumeMismatchError } from './resume-mismatch-error.js';

/** Options of `assertResumable`. */
export interface AssertResumableOptions {
  /** What the checkpoint store returned (checked to be a run state of this version). */
  state: unknown;
  /** The run id that was asked for. */
  runId: string;
  /** The agent supplied again on resume (functions are never stored). */
  agent: Pick<Agent, 'name' | 'model' | 'tools'>;
}

/**
 * Checks that a loaded state can be continued by `agent`: a version-1 run state of this run id, saved
 * by an agent of the same name and model (replayed reasoning belongs to that model), and every tool
 * that a call still waiting for its outcome needs is among `agent.tools`. Throws `ResumeMismatchError`
 * naming what differs; returns the typed state.
 */
export function assertResumable(options: AssertResumableOptions): RunState {
  const { runId, agent } = options;
  const mismatch = (field: ResumeMismatchError['field'], problem: string, fix: string): never => {
    throw new ResumeMismatchError({ runId, field, problem, fix });
  };
  const state = options.state as Partial<RunState> | null;
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    return mismatch(
      'state',
      'the checkpoint does not hold a run state',
      'delete the checkpoint to start over.',
    );
  }
  if (state.version !== 1) {
    mismatch(
      'version',
      `its run state has version ${JSON.stringify(state.version)}, this runner reads version 1`,
      'resume it with the mimo-agents version that saved it, or delete the checkpoint to start over.',
    );
  }
  if (state.runId !== runId) {
    mismatch(
      'runId',
      `the state belongs to run ${JSON.stringify(state.runId)}`,
      'check the run id and the store.',
    );
  }
  checkRunStateShape(state as Record<string, unknown>, runId);
  if (state.agent?.name !== agent.name) {
    mismatch(
      'agent.name',
      `it was saved by agent "${state.agent?.name}", not "${agent.name}"`,
      `resume with the agent named "${state.agent?.name}".`,
    );
  }
  if (state.agent?.model !== agent.model) {
    mismatch(
      'agent.model',
      `it was saved by model "${state.agent?.model}", not "${agent.model}" (replayed reasoning belongs to that model)`,
      `resume with model "${state.agent?.model}", or start a new run with the history of this one.`,
    );
  }
  const have = new Set((agent.tools ?? []).map((tool) => tool.name));
  const missing = [
    ...new Set(
      (state.pending?.calls ?? [])
        .filter((call) => call.outcome === undefined && !have.has(call.name))
        .map((call) => call.name),
    ),
  ];
  if (missing.length > 0) {
    mismatch(
      'agent.tools',
      `calls waiting to run need ${missing.map((name) => `"${name}"`).join(', ')}, which the agent lacks`,
      `add ${missing.length === 1 ? 'that tool' : 'those tools'} to agent.tools.`,
    );
  }
  return state as RunState;
}
