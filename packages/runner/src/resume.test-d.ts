import { describe, expectTypeOf, it } from 'vitest';
import type { CheckpointSavedEvent, RunEvent } from './events.js';
import { resume, streamResume } from './resume.js';
import { run, streamRun } from './run.js';
import type { RunResult } from './run-result.js';
import type { RunStream } from './run-stream.js';

describe('resume() mirrors run()', () => {
  it('resume returns a result promise and streamResume a RunStream, like run and streamRun', () => {
    expectTypeOf(resume).returns.toEqualTypeOf<Promise<RunResult>>();
    expectTypeOf(run).returns.toEqualTypeOf<Promise<RunResult>>();
    expectTypeOf(streamResume).returns.toEqualTypeOf<RunStream>();
    expectTypeOf(streamRun).returns.toEqualTypeOf<RunStream>();
  });

  it('checkpoint.saved is one of the run events', () => {
    expectTypeOf<Extract<RunEvent, { type: 'checkpoint.saved' }>>().toEqualTypeOf<CheckpointSavedEvent>();
  });
});
