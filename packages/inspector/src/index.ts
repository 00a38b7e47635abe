// Starting the inspector
export { type Inspector, startInspector } from './server/start-inspector.js';
export { checkInspectorOptions, type InspectorOptions } from './server/inspector-options.js';
export {
  type ApprovalSubmitter,
  createQueueApprovals,
  type QueueApprovalsOptions,
} from './server/queue-approvals.js';

// Where runs come from
export { createFileRunSource, type FileRunSourceOptions } from './source/file-run-source.js';
export { createRedisRunSource, type RedisRunSourceOptions } from './source/redis-run-source.js';
export { loadRunTree, type RunTree, type RunTreeLimits } from './source/load-run-tree.js';
export { describeError, type RunDetail, type RunSource } from './source/run-source.js';
export { type RunSummary, summarizeRun } from './source/run-summary.js';
export { type WaitingApproval, waitingApprovals } from './source/waiting-approvals.js';

// Rendering pieces (for tests and embedding)
export {
  type TimelineBar,
  type TimelineLane,
  type TimelineLayout,
  type TimelineRun,
  timelineBars,
  timelineLayout,
} from './render/timeline-layout.js';
