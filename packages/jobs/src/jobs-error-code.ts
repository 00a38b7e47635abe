/** Every `code` an error thrown by `@mimo-agents/jobs` itself can carry. */
export type JobsErrorCode = 'checkpoint_fenced' | 'job_agent_unknown' | 'run_owned_elsewhere';
