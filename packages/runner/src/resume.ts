import type { OutputSpec } from '@mimo-agents/tools';
import type { Agent } from './agent.js';
import { findAgentByName, handoffTools } from './agents/handoff.js';
import { useAgent } from './agents/use-agent.js';
import type { ApprovalDecisionOptions } from './approvals/apply-approval-decisions.js';
import { isWaiting } from './approvals/request-approvals.js';
import { routeApprovalDecisions } from './approvals/route-approval-decisions.js';
import { unansweredPause } from './approvals/unanswered-pause.js';
import { assertResumable } from './checkpoint/assert-resumable.js';
import { CheckpointNotFoundError } from './checkpoint/checkpoint-not-found-error.js';
import type { CheckpointStore } from './checkpoint/checkpoint-store.js';
import { restoreArguments } from './checkpoint/compact-arguments.js';
import { runFromState } from './loop/run-from-state.js';
import { runCompletedEvent, toResult } from './loop/to-result.js';
import { checkRunOptionKeys, RESUME_OPTION_KEYS } from './options/run-option-keys.js';
import { loopOptions, type RunFromStateOptions } from './run.js';
import type { FinalOutput } from './run-options.js';
import type { RunResult, RunResultStatus } from './run-result.js';
import type { RunState } from './run-state.js';
import { RunStream } from './run-stream.js';

/**
 * Options of `resume()` and `streamResume()`: the run's id and store, the agent again (tools are
 * functions, never saved), and the usual run settings (`maxTurns`, `stopWhen`, `signal`, `prices`…).
 * @example
 * await resume({ client, agent, runId: 'order-1234', checkpoint: createFileCheckpointStore({ directory }) });
 */
export interface ResumeOptions<TOutput extends OutputSpec | undefined = undefined, TContext = unknown>
  extends Omit<RunFromStateOptions<TOutput, TContext>, 'checkpoint'>,
    ApprovalDecisionOptions {
  /** The run to continue: the id it was started with. */
  runId: string;
  /** The store it was checkpointed to; the resumed run keeps saving there. */
  checkpoint: CheckpointStore<RunState>;
}

/** Statuses after which a run has nothing left to do: resuming returns the saved result. */
const FINISHED: ReadonlySet<RunState['status']> = new Set<RunResultStatus>([
  'completed',
  'incomplete',
  'stopped',
]);

/**
 * Continues a checkpointed run to its end and returns the result, like `run()`.
 * @example
 * const result = await resume({ client, agent, runId, checkpoint });
 */
export function resume<TOutput extends OutputSpec | undefined = undefined, TContext = unknown>(
  options: ResumeOptions<TOutput, TContext>,
): Promise<RunResult<FinalOutput<TOutput>>> {
  return streamResume(options).finalResult();
}

/**
 * Continues a checkpointed run and returns its event stream, like `streamRun()`. Calls with a recorded
 * outcome are not executed again; calls that had started run again with `ctx.attempt > 1` and the same
 * `ctx.idempotencyKey`; a turn that was in flight is resent from the saved history. A finished run
 * returns its saved result without any request. An `interrupted` run takes `decisions`: approved calls
 * run (once, with `ctx.idempotencyKey`), rejected ones get their rejection as output, undecided ones keep
 * waiting (`undecided: 'reject'` rejects them); a decision that does not fit throws `ApprovalError`
 * before anything runs. An `interrupted` run whose waiting calls get no decision at all returns the
 * saved pause as it is: nothing is saved (its `checkpointSeq` stays), nothing is sent. Decisions for
 * the approvals of its `agentTool` sub-runs (requests with an `agentPath`) are given here too: each
 * goes to the sub-run that asked, resumed through its call. A missing checkpoint throws
 * `CheckpointNotFoundError`, a damaged one `CheckpointCorruptError`, one that does not fit the agent
 * `ResumeMismatchError`.
 * @example
 * const stream = streamResume({ client, agent, runId, checkpoint });
 * for await (const event of stream) if (event.type === 'checkpoint.saved') console.log(event.seq);
 */
export function streamResume<TOutput extends OutputSpec | undefined = undefined, TContext = unknown>(
  options: ResumeOptions<TOutput, TContext>,
): RunStream<FinalOutput<TOutput>> {
  return new RunStream<FinalOutput<TOutput>>(async (emit, signal) => {
    checkRunOptionKeys(options, RESUME_OPTION_KEYS, 'resume()');
    const { runId, agent, checkpoint } = options;
    const loop = loopOptions(options, emit, signal);
    const loaded = await checkpoint.load(runId);
    if (loaded === undefined) throw new CheckpointNotFoundError({ runId });
    // After a handoff the run is the target's: find it among the handoffs reachable from `agent`.
    const savedName = (loaded as { agent?: { name?: unknown } }).agent?.name;
    // The loop is untyped inside: the tools' context type was checked against `context` at the call.
    const root = agent as Agent<OutputSpec | undefined>;
    const found = typeof savedName === 'string' ? findAgentByName(root, savedName) : undefined;
    const current = found?.agent ?? root;
    if (found !== undefined) useAgent(loop, current, found.via?.inputFilter);
    const tools = [...(current.tools ?? []), ...handoffTools(current)];
    const state = restoreArguments(assertResumable({ state: loaded, runId, agent: { ...current, tools } }));
    const waitingBefore = state.status === 'interrupted' ? waitingCalls(state) : 0;
    // Every decision is checked before any is applied; a refused one throws before anything runs.
    // Decisions for a sub-run's approvals are checked against its saved state and kept for its call.
    const { waiting } = await routeApprovalDecisions(state, { ...options, checkpoint });
    // A pause that nothing answered (no decision, or none for a call that waits) stays as saved: going
    // on would only save the same pause again under a new checkpointSeq, and decisions bound to the
    // saved one (a continuation job's) would no longer fit.
    if (waitingBefore > 0 && waiting === waitingBefore) return unansweredPause(state, loop);
    if (FINISHED.has(state.status)) {
      const status = state.status as RunResultStatus;
      const result = toResult(state, [], status, loop.price);
      emit(runCompletedEvent(result));
      return result;
    }
    return runFromState(state, loop);
  }, options.maxBufferedEvents);
}

/** How many pending calls wait for a decision (their own, or their sub-run's). */
function waitingCalls(state: RunState): number {
  let count = 0;
  for (const call of state.pending?.calls ?? []) if (isWaiting(call)) count += 1;
  return count;
}
