import {
  type CheckpointStore,
  createFileCheckpointStore,
  createMemoryCheckpointStore,
  type FinalOutput,
  type RunOptions,
} from '@mimo-agents/runner';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { AgentJobResult } from './agent-job.js';
import type { AgentWorker, createAgentWorker } from './create-agent-worker.js';
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

describe('structured output through the worker', () => {
  it("a worker's job results carry the agent's output type", () => {
    const agent = { name: 't', model: 'm', output: z.object({ priority: z.enum(['low', 'high']) }) };
    type Worker = ReturnType<typeof createAgentWorker<typeof agent.output>>;
    expectTypeOf<Parameters<Worker['worker']['on']>>().toBeArray();
    expectTypeOf<
      NonNullable<AgentJobResult<FinalOutput<typeof agent.output>>['finalOutput']>
    >().toEqualTypeOf<{
      priority: 'low' | 'high';
    }>();
    expectTypeOf<Worker>().toEqualTypeOf<AgentWorker<{ priority: 'low' | 'high' }>>();
  });
});
