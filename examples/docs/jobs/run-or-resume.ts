// docs/jobs.md: one code path that starts or continues a run.
// #region docs
import { runOrResume } from '@mimo-agents/jobs';

const result = await runOrResume({
  client,
  agent,
  runId: 'order-1234',
  input: 'Invoice order 1234.',
  checkpoint,
});
// #endregion docs

console.log(result.status);

import type { MimoClient } from '@mimo-agents/core';
import type { Agent, CheckpointStore } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;
declare const checkpoint: CheckpointStore;
