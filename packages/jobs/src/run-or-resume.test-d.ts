import {
  type CheckpointStore,
  createFileCheckpointStore,
  createMemoryCheckpointStore,
  type RunOptions,
} from '@mimo-agents/runner';
import { describe, expectTypeOf, it } from 'vitest';
import { createRedisCheckpointStore } from './redis-checkpoint-store.js';
import type { RunOrResumeOptions, WorkerRunSettings } from './run-or-resume.js';

describe('runOrResume options', () => {
  it('settings cannot carry what the job and the worker decide: checkpoint, runId, input, signal', () => {
    expectTypeOf<WorkerRunSettings>().not.toHaveProperty('checkpoint');
    expectTypeOf<WorkerRunSettings>().not.toHaveProperty('runId');
    expectTypeOf<WorkerRunSettings>().not.toHaveProperty('input');
    expectTypeOf<WorkerRunSettings>().not.toHaveProperty('signal');
    expectTypeOf<WorkerRunSettings>().toHaveProperty('prices');
    expectTypeOf<WorkerRunSettings>().toHaveProperty('stopWhen');
    expectTypeOf<RunOrResumeOptions['checkpoint']>().toEqualTypeOf<NonNullable<RunOptions['checkpoint']>>();
  });

  it('every store made without a type argument fits the checkpoint option as is', () => {
    expectTypeOf(createMemoryCheckpointStore()).toExtend<CheckpointStore>();
    expectTypeOf(createFileCheckpointStore({ directory: '.' })).toExtend<
      NonNullable<RunOptions['checkpoint']>
    >();
    expectTypeOf(createRedisCheckpointStore({ connection: 'redis://127.0.0.1' })).toExtend<
      RunOrResumeOptions['checkpoint']
    >();
  });
});
