import type { ApprovalErrorCode } from '../approvals/approval-error.js';

/** Every `code` an error thrown by `@mimo-agents/runner` itself can carry (core's and tools' codes pass through). */
export type RunnerErrorCode =
  | ApprovalErrorCode
  | 'agent_limit_exceeded'
  | 'agent_output_invalid'
  | 'checkpoint_corrupt'
  | 'checkpoint_exists'
  | 'checkpoint_not_found'
  | 'checkpoint_state_invalid'
  | 'checkpoint_store_failed'
  | 'max_turns_exceeded'
  | 'resume_mismatch'
  | 'run_aborted'
  | 'run_id_invalid'
  | 'run_stream_consumed'
  | 'run_stream_overflow'
  | 'session_conflict'
  | 'structured_output_invalid'
  | 'sub_run_budget_reached'
  | 'sub_run_settle_timeout';
