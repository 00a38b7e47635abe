import { describe, expect, it } from 'vitest';
import { applyApprovalDecisions } from '../approvals/apply-approval-decisions.js';
import type { ApprovalDecision } from '../approvals/approval-decision.js';
import { signApprovalDecision } from '../approvals/approval-signature.js';
import { routeApprovalDecisions } from '../approvals/route-approval-decisions.js';
import { resume } from '../resume.js';
import { run, streamRunFromState } from '../run.js';
import { createRunState, type RunState } from '../run-state.js';
import { askAlpha, refundCall, approvalTeam as team } from '../test-support/approval-team.js';

describe('decisions for a sub-run approval that do not fit, and runs that cannot resume one', () => {
  it('refuses what does not fit, with the same typed errors, before anything runs; signed decisions verify', async () => {
    const secret = 'a secret of at least sixteen bytes';
    const { server, client, lead, checkpoint, executions } = await team({ P: [askAlpha], A: [refundCall] });
    const paused = await run({ client, agent: lead, input: 'go', runId: 'job-5', checkpoint });
    const request = paused.interruptions?.[0];
    if (request === undefined) throw new Error('no interruption');
    const before = [await checkpoint.load('job-5'), await checkpoint.load('job-5/call_a')];
    const attempt = (decisions: ApprovalDecision[], approvalSecret?: string) =>
      resume({
        client,
        agent: lead,
        runId: 'job-5',
        checkpoint,
        decisions,
        ...(approvalSecret === undefined ? {} : { approvalSecret }),
      });
    await expect(attempt([{ approvalId: 'apr_0', approve: true }])).rejects.toMatchObject({
      code: 'approval_unknown',
    });
    await expect(attempt([{ ...request, argumentsHash: 'sha256:00', approve: true }])).rejects.toMatchObject({
      code: 'approval_arguments_mismatch',
    });
    await expect(attempt([{ ...request, runId: 'job-5', approve: true }])).rejects.toMatchObject({
      code: 'approval_run_mismatch',
    });
    await expect(
      attempt([
        { approvalId: request.approvalId, approve: true },
        { approvalId: request.approvalId, approve: false, reason: 'no' },
      ]),
    ).rejects.toMatchObject({ code: 'approval_conflict' });
    await expect(attempt([{ approvalId: request.approvalId, approve: true }], secret)).rejects.toMatchObject({
      code: 'approval_signature_missing',
    });
    const forged = signApprovalDecision({ request, approve: true, secret: 'another secret, 16+ bytes' });
    await expect(attempt([forged], secret)).rejects.toMatchObject({ code: 'approval_signature_invalid' });
    // Nothing ran, nothing was sent, neither saved state changed.
    expect(executions).toEqual([]);
    expect(server.calls).toHaveLength(2);
    expect([await checkpoint.load('job-5'), await checkpoint.load('job-5/call_a')]).toEqual(before);

    const signed = signApprovalDecision({ request, approve: true, secret });
    const done = await attempt([signed], secret);
    expect(done.status).toBe('completed');
    expect(executions.map((e) => e.key)).toEqual(['job-5/call_a:call_r']);
  });

  it('without a checkpoint store: the parent still ends interrupted, and a decision for the sub-run is refused naming the fix', async () => {
    const { server, client, lead, executions } = await team({ P: [askAlpha], A: [refundCall] });
    let saved: RunState | undefined;
    const state = createRunState({ runId: 'mem-1', agent: lead, input: [{ role: 'user', content: 'go' }] });
    const paused = await streamRunFromState(state, {
      client,
      agent: lead,
      onStep: (live) => {
        saved = structuredClone(live);
      },
    }).finalResult();
    expect(paused.status).toBe('interrupted');
    const request = paused.interruptions?.[0];
    expect(request).toMatchObject({ runId: 'mem-1/call_a', agentPath: ['lead', 'alpha'] });
    if (saved === undefined || request === undefined) throw new Error('no state');
    const decisions = [{ approvalId: request.approvalId, approve: true as const }];
    const refusal = {
      name: 'ApprovalError',
      code: 'approval_in_sub_run',
      message: expect.stringMatching(
        /sub-run "mem-1\/call_a".*Fix: resume the top run with resume\(\{ runId, checkpoint, decisions \}\)/,
      ),
    };
    expect(() => applyApprovalDecisions(structuredClone(saved as RunState), { decisions })).toThrow(
      expect.objectContaining(refusal),
    );
    await expect(routeApprovalDecisions(saved, { decisions, checkpoint: undefined })).rejects.toMatchObject(
      refusal,
    );
    // The waiting call never runs: continuing the saved state interrupts again, sending nothing.
    const again = await streamRunFromState(saved, { client, agent: lead }).finalResult();
    expect(again.status).toBe('interrupted');
    expect(executions).toEqual([]);
    expect(server.calls).toHaveLength(2);
  });

  it('a damaged sub-run record or sub-run state is refused by path, before anything runs', async () => {
    const { server, client, lead, checkpoint, executions } = await team({ P: [askAlpha], A: [refundCall] });
    const paused = await run({ client, agent: lead, input: 'go', runId: 'job-8', checkpoint });
    const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
    const parent = (await checkpoint.load('job-8')) as RunState;
    const sub = (await checkpoint.load('job-8/call_a')) as RunState;
    const decisions = [{ approvalId, approve: true as const }];
    // The sub-run's saved state was edited: its waiting call is no longer an object.
    await checkpoint.save('job-8/call_a', {
      ...sub,
      pending: { turn: 1, calls: [7] },
    } as unknown as RunState);
    await expect(
      resume({ client, agent: lead, runId: 'job-8', checkpoint, decisions }),
    ).rejects.toMatchObject({
      name: 'ResumeMismatchError',
      message: expect.stringContaining('pending.calls[0]'),
    });
    // The parent's record of the pause was edited.
    await checkpoint.save('job-8/call_a', sub);
    const broken = structuredClone(parent);
    const held = broken.pending?.calls[0]?.subRun as unknown as Record<string, unknown>;
    held.interruptions = 'all of them';
    await checkpoint.save('job-8', broken);
    await expect(
      resume({ client, agent: lead, runId: 'job-8', checkpoint, decisions }),
    ).rejects.toMatchObject({
      name: 'ResumeMismatchError',
      message: expect.stringContaining('pending.calls[0].subRun.interruptions'),
    });
    expect(executions).toEqual([]);
    expect(server.calls).toHaveLength(2);
  });
});
