// docs/multi-agent.md: deleting a finished run's checkpoint together with its sub-runs'.
import type { CheckpointStore, RunState } from '@mimo-agents/runner';

declare const checkpoint: CheckpointStore<RunState>;

// #region docs
import { deleteRunCheckpoints } from '@mimo-agents/runner';

// 'order-1234', then any 'order-1234/<callId>' (and below) that a crash left behind.
await deleteRunCheckpoints(checkpoint, 'order-1234');
// #endregion docs
