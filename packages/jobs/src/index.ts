// Jobs and their data
export {
  AGENT_JOB_NAME,
  type AgentJobApprovals,
  type AgentJobData,
  type AgentJobResult,
} from './agent-job.js';
// The BullMQ worker
export {
  type AgentWorker,
  type CreateAgentWorkerOptions,
  createAgentWorker,
  workerCheckpointPrefix,
} from './create-agent-worker.js';
export { type EnqueueAgentRunOptions, enqueueAgentRun } from './enqueue-agent-run.js';
// One job drives a run at a time (createAgentWorker's runOwnerTtl, runBusyRetryDelay, maxRunBusyWait)
export {
  DEFAULT_MAX_RUN_BUSY_WAIT_MS,
  DEFAULT_RUN_BUSY_RETRY_DELAY_MS,
  DEFAULT_RUN_OWNER_TTL_MS,
  workerRunOwnerPrefix,
} from './run-ownership.js';
// Keeping finished runs for a while (createAgentWorker's keepFinishedFor)
export {
  type ExpiringCheckpointStore,
  expireRunTree,
  MAX_KEEP_FINISHED_FOR_MS,
  MIN_KEEP_FINISHED_FOR_MS,
} from './finished-retention.js';
// Human approvals
export {
  type SubmitApprovalDecisionsOptions,
  submitApprovalDecisions,
} from './submit-approval-decisions.js';
// Job progress
export {
  createProgressPublisher,
  DELTA_EVENT_TYPES,
  type ProgressEventFilter,
  type ProgressPublisher,
  type ProgressPublisherOptions,
} from './progress-publisher.js';
// Checkpoint store on Redis
export {
  createRedisCheckpointStore,
  type RedisCheckpointStore,
  type RedisCheckpointStoreCommonOptions,
  type RedisCheckpointStoreOptions,
  type RedisConnectionOptions,
} from './redis-checkpoint-store.js';
export {
  CHANGE_LOG_KEY_PREFIX,
  type CheckpointChangeLogOptions,
  changeLogKeys,
  DEFAULT_CHANGE_LOG_MAX_RUNS,
  DEFAULT_CHANGE_LOG_TTL_SECONDS,
} from './checkpoint-change-log.js';
// Session store on Redis
export {
  createRedisSessionStore,
  type RedisSessionStore,
  type RedisSessionStoreOptions,
} from './redis-session-store.js';
// Errors
export { type CheckpointFenceReason, CheckpointFencedError } from './checkpoint-fenced-error.js';
export { RunOwnedElsewhereError } from './run-owned-elsewhere-error.js';
export { UnknownAgentError } from './unknown-agent-error.js';
export type { JobsErrorCode } from './jobs-error-code.js';
// Durable runs
export { type RunOrResumeOptions, runOrResume, type WorkerRunSettings } from './run-or-resume.js';
