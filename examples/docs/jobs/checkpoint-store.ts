// docs/jobs.md: the store interface, as the runner declares it.
import type * as runner from '@mimo-agents/runner';
import type { RunState } from '@mimo-agents/runner';
import { expectTypeOf } from 'vitest';

// #region docs
interface CheckpointStore<State = RunState> {
  save(runId: string, state: State): Promise<void>; // replaces the run's checkpoint atomically
  load(runId: string): Promise<State | undefined>; // undefined: never saved (or deleted)
  delete(runId: string): Promise<void>; // no-op for an unknown run
}
// #endregion docs

expectTypeOf<CheckpointStore>().toEqualTypeOf<runner.CheckpointStore>();
expectTypeOf<CheckpointStore<{ n: number }>>().toEqualTypeOf<runner.CheckpointStore<{ n: number }>>();
