// docs/jobs.md: the file store.
// #region docs
import { createFileCheckpointStore } from '@mimo-agents/runner';

const checkpoint = createFileCheckpointStore({ directory: '/var/lib/my-app/checkpoints' });

// #endregion docs

export { checkpoint };
