import type { MimoClient } from '@mimo-agents/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Agent } from './agent.js';
import type { CheckpointSavedEvent, RunEvent } from './events.js';
import { resume, streamResume } from './resume.js';
import { run, streamRun } from './run.js';
import type { RunResult } from './run-result.js';
import type { RunStream } from './run-stream.js';

describe('resume() mirrors run()', () => {
  it('resume returns a result promise and streamResume a RunStream, like run and streamRun', () => {
    const agent: Agent = { name: 'a', model: 'm' };
    const checkpoint = {} as Parameters<typeof resume>[0]['checkpoint'];
    const client = {} as MimoClient;
    expectTypeOf(resume({ client, agent, runId: 'r', checkpoint })).toEqualTypeOf<Promise<RunResult>>();
    expectTypeOf(run({ client, agent, input: 'x' })).toEqualTypeOf<Promise<RunResult>>();
    expectTypeOf(streamResume({ client, agent, runId: 'r', checkpoint })).toEqualTypeOf<RunStream>();
    expectTypeOf(streamRun({ client, agent, input: 'x' })).toEqualTypeOf<RunStream>();
  });

  it('checkpoint.saved is one of the run events', () => {
    expectTypeOf<Extract<RunEvent, { type: 'checkpoint.saved' }>>().toEqualTypeOf<CheckpointSavedEvent>();
  });
});
