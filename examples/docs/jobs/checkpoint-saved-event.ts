// docs/jobs.md: the checkpoint.saved event, as the runner declares it.
import type * as runner from '@mimo-agents/runner';
import { expectTypeOf } from 'vitest';

// #region docs
interface CheckpointSavedEvent {
  type: 'checkpoint.saved';
  runId: string;
  step:
    | 'start'
    | 'turn'
    | 'tool.started'
    | 'tool.completed'
    | 'tools.committed'
    | 'context.compacted'
    | 'end';
  seq: number; // 1, 2, 3… over the whole run, resumes included (saved in the state as checkpointSeq)
  turn: number; // model turns recorded so far
  callId?: string; // for tool.started and tool.completed
}
// #endregion docs

expectTypeOf<CheckpointSavedEvent>().toEqualTypeOf<runner.CheckpointSavedEvent>();
