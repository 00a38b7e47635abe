import {
  type ApprovalDecision,
  type ApprovalDecisionOptions,
  ApprovalError,
  CheckpointNotFoundError,
  type CheckpointStore,
  canonicalJson,
  type RunState,
  routeApprovalDecisions,
} from '@mimo-agents/runner';
import type { Job, JobsOptions, Queue } from 'bullmq';
import {
  AGENT_JOB_NAME,
  type AgentJobApprovals,
  type AgentJobData,
  type AgentJobResult,
} from './agent-job.js';
import { plainJsonContext } from './plain-json-context.js';

/** Options of `submitApprovalDecisions`. */
export interface SubmitApprovalDecisionsOptions extends ApprovalDecisionOptions {
  /** The interrupted run (its job result's `runId`). */
  runId: string;
  /** The store the workers checkpoint to (for the default one: `workerCheckpointPrefix(queue)`). */
  checkpoint: CheckpointStore<RunState>;
  decisions: readonly ApprovalDecision[];
  /**
   * The tools' `ctx.context` for the continuation (plain JSON). Default: the `context` of the run's first
   * job (the one whose run id is `runId`), when the queue still has it; pass it when that job may have
   * been removed (`removeOnComplete`), or the worker's `settings.context` is used.
   */
  context?: unknown;
  /** BullMQ options of the continuation job (`attempts`, `backoff`, …); its id is set here. */
  jobOptions?: Omit<JobsOptions, 'jobId'>;
}

/**
 * Answers the calls an interrupted run waits for, and enqueues its continuation, which any worker of the
 * queue picks up. Decisions for approvals of the run's agent-tool sub-runs (requests with an `agentPath`)
 * are submitted against the same top run: the continuation resumes it, and it resumes the sub-runs. The decisions are checked against the saved state first (an `ApprovalError` refuses
 * any that does not fit, with `approvalSecret` any unsigned or forged one), then carried by the job
 * `<runId>-approval-<checkpointSeq>`, one per pause: sending the same decisions again returns that job,
 * other decisions for the same pause are refused (`approval_conflict`). The worker applies them and saves
 * them as its first step, so a worker dying at any later point loses nothing: the job is redelivered and
 * resumes, and an approved call that had started runs again only with the same `ctx.idempotencyKey`.
 * @example
 * const job = await submitApprovalDecisions(queue, { runId, checkpoint, decisions: [{ approvalId, approve: true }] });
 */
export async function submitApprovalDecisions(
  queue: Queue<AgentJobData, AgentJobResult>,
  options: SubmitApprovalDecisionsOptions,
): Promise<Job<AgentJobData, AgentJobResult>> {
  const { runId, checkpoint } = options;
  // Untyped callers (a JSON body) may send anything: refused typed (routeApprovalDecisions checks each one).
  const decisions: unknown = options.decisions;
  if (!Array.isArray(decisions))
    throw new ApprovalError({
      code: 'approval_decision_invalid',
      runId,
      approvalId: '(none)',
      problem: `decisions is ${decisions === null ? 'null' : typeof decisions}, not an array`,
      fix: 'pass decisions: [{ approvalId, approve: true }, …], one for each request to answer.',
    });
  const first = decisions[0]?.approvalId ?? '(none)';
  // A sub-run's id (`<top>/<callId>`): only its top run can be resumed; a job for the sub-run itself
  // would run it alone (or fail), and the top run's resume would then redo its work.
  const top = await topRunOf(checkpoint, runId);
  if (top !== undefined)
    throw new ApprovalError({
      code: 'approval_in_sub_run',
      runId,
      approvalId: first,
      problem: `"${runId}" is a sub-run (an agent tool call) of run "${top}", which resumes it`,
      fix: `submit the decisions with runId "${top}" (the top run's id); they reach the sub-run from there.`,
    });
  const state = await checkpoint.load(runId);
  if (state === undefined) throw new CheckpointNotFoundError({ runId });
  if (state.status !== 'interrupted')
    throw new ApprovalError({
      code: 'approval_run_not_interrupted',
      runId,
      approvalId: first,
      problem: `the run is ${state.status}, not waiting for decisions`,
      fix: 'send decisions only after the job completed with status "interrupted".',
    });
  // Checked on a copy: the worker applies them to the saved state itself, as its run's first step.
  // A decision for a sub-run's approval (an agentTool) is checked against that sub-run's saved state.
  await routeApprovalDecisions(structuredClone(state), { ...options, checkpoint });
  const approvals: AgentJobApprovals = {
    afterSeq: state.checkpointSeq ?? 0,
    decisions: [...options.decisions],
  };
  if (options.undecided !== undefined) approvals.undecided = options.undecided;
  if (options.undecidedReason !== undefined) approvals.undecidedReason = options.undecidedReason;
  const jobId = `${runId}-approval-${approvals.afterSeq}`;
  // The continuation runs the same agent (by its saved name) with the same context as the paused job.
  const data: AgentJobData = { input: '', runId, approvals };
  const agentName: unknown = state.agent?.name;
  if (typeof agentName === 'string') data.agent = agentName;
  const context =
    options.context === undefined ? await firstJobContext(queue, runId) : plainJsonContext(options.context);
  if (context !== undefined) data.context = context;
  await queue.add(AGENT_JOB_NAME, data, { ...options.jobOptions, jobId });
  // BullMQ keeps the first job of an id: a second submission for this pause gets that one back.
  const job = await queue.getJob(jobId);
  if (job !== undefined && canonicalJson(job.data.approvals) !== canonicalJson(approvals))
    throw new ApprovalError({
      code: 'approval_conflict',
      runId,
      approvalId: first,
      problem: 'other decisions were already submitted for this pause',
      fix: 'wait for that continuation; if it interrupts again, answer the calls still waiting.',
    });
  return job ?? (await queue.add(AGENT_JOB_NAME, data, { ...options.jobOptions, jobId }));
}

/** The top run of sub-run `runId` (`<top>/<callId>…`): the shortest `/`-prefix with a saved checkpoint. */
async function topRunOf(checkpoint: CheckpointStore<RunState>, runId: string): Promise<string | undefined> {
  for (let at = runId.indexOf('/'); at > 0; at = runId.indexOf('/', at + 1)) {
    const prefix = runId.slice(0, at);
    if ((await checkpoint.load(prefix)) !== undefined) return prefix;
  }
  return undefined;
}

/** The `context` of the job that started run `runId` (its job id is the run id), if the queue still has it. */
async function firstJobContext(queue: Queue<AgentJobData, AgentJobResult>, runId: string): Promise<unknown> {
  const first = await queue.getJob(runId);
  if (first === undefined || (first.data.runId ?? first.id) !== runId) return undefined;
  return first.data.context;
}
