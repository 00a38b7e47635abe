import { MimoError } from '@mimo-agents/core';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { CheckpointFencedError } from './checkpoint-fenced-error.js';
import { RunOwnedElsewhereError } from './run-owned-elsewhere-error.js';
import { DEFAULT_RUN_OWNER_TTL_MS, isRunOwnedElsewhere, resolveRunOwnership } from './run-ownership.js';

const ownedElsewhere = (): RunOwnedElsewhereError =>
  new RunOwnedElsewhereError({ runId: 'r1', jobId: 'j2', ownerJobId: 'j1', reason: 'superseded' });
const fenced = (reason: 'job_lock_lost' | 'run_owner_changed'): CheckpointFencedError =>
  new CheckpointFencedError({ runId: 'r1', lockKey: 'mimo-agents:run-owner:q:r1', reason });

describe('isRunOwnedElsewhere (which failed jobs did not finish their run, for keepFinishedFor)', () => {
  it('a job turned away by the run owner did not drive the run, wrapped or not', () => {
    expect(isRunOwnedElsewhere(ownedElsewhere())).toBe(true);
    // As takeRunForJob throws it: BullMQ's UnrecoverableError with the reason as its cause.
    const turnedAway = new UnrecoverableError('turned away');
    turnedAway.cause = ownedElsewhere();
    expect(isRunOwnedElsewhere(turnedAway)).toBe(true);
  });

  it('a job whose run another job took over while it ran no longer drives it', () => {
    expect(isRunOwnedElsewhere(fenced('run_owner_changed'))).toBe(true);
    expect(isRunOwnedElsewhere(new Error('the run failed', { cause: fenced('run_owner_changed') }))).toBe(
      true,
    );
  });

  it('other failures, a lost job lock included, count as the run having ended with this job', () => {
    expect(isRunOwnedElsewhere(fenced('job_lock_lost'))).toBe(false);
    expect(isRunOwnedElsewhere(new MimoError('tool_failed', 'a tool failed'))).toBe(false);
    expect(isRunOwnedElsewhere(new Error('boom'))).toBe(false);
    expect(isRunOwnedElsewhere('not an error')).toBe(false);
  });

  it('a cyclic cause chain ends the search', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isRunOwnedElsewhere(a)).toBe(false);
  });
});

describe('resolveRunOwnership defaults', () => {
  it('runOwnerTtl unset: 1 day, or lockDuration + stalledInterval + 1 min when that is longer', () => {
    expect(resolveRunOwnership({}).ownerTtlMs).toBe(DEFAULT_RUN_OWNER_TTL_MS);
    expect(resolveRunOwnership({ lockDuration: 600_000, stalledInterval: 600_000 }).ownerTtlMs).toBe(
      DEFAULT_RUN_OWNER_TTL_MS,
    );
    expect(resolveRunOwnership({ lockDuration: 86_400_000 }).ownerTtlMs).toBe(86_400_000 + 30_000 + 60_000);
    expect(resolveRunOwnership({ lockDuration: 43_200_000, stalledInterval: 43_200_000 }).ownerTtlMs).toBe(
      86_460_000,
    );
  });

  it('renews every min(lockDuration, runOwnerTtl / 3), never past what a timer can wait', () => {
    expect(resolveRunOwnership({}).renewEveryMs).toBe(30_000);
    expect(resolveRunOwnership({ runOwnerTtl: 90_000 }).renewEveryMs).toBe(30_000);
    expect(
      resolveRunOwnership({ runOwnerTtl: 61_000, lockDuration: 20_000, stalledInterval: 40_000 })
        .renewEveryMs,
    ).toBe(20_000);
    // A 100-day lock (runOwnerTtl / 3 over 24.8 days): a longer timer delay would fire at once, again and again.
    expect(resolveRunOwnership({ lockDuration: 100 * 86_400_000 }).renewEveryMs).toBe(2_147_483_647);
  });
});
