import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { resume } from '../resume.js';
import { run } from '../run.js';
import type { RunResult } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { startHarness } from '../test-support/harness.js';
import { refundTools } from '../test-support/refund-tools.js';
import type { ApprovalDecision } from './approval-decision.js';
import { signApprovalDecision } from './approval-signature.js';
import { approvalIdFor, argumentsHash } from './arguments-hash.js';

/** Two runs paused on the same refund call, and a way to resume the first with some decisions. */
async function twoPausedRuns() {
  const { server, client } = await startHarness();
  const { tools, executions } = refundTools();
  const agent: Agent = { name: 'refunds', model: 'mimo-v2.6-pro', tools };
  const checkpoint = createMemoryCheckpointStore<RunState>();
  for (let i = 0; i < 2; i++)
    server.reply.functionCalls([
      { name: 'refund', arguments: { orderId: 'A-17', amount: 40 }, callId: 'call_r' },
    ]);
  server.reply.text('done');
  const first = await run({ client, agent, input: 'Refund', runId: 'run-one', checkpoint });
  const other = await run({ client, agent, input: 'Refund', runId: 'run-two', checkpoint });
  const before = await checkpoint.load('run-one');
  const request = first.interruptions?.[0];
  if (request === undefined) throw new Error('no interruption');
  const resumeWith = (decisions: ApprovalDecision[], extra: { approvalSecret?: string } = {}) =>
    resume({ client, agent, runId: 'run-one', checkpoint, decisions, ...extra });
  /** Nothing ran, nothing was sent, the saved state is unchanged. */
  const expectUntouched = async (): Promise<void> => {
    expect(executions).toEqual([]);
    expect(server.calls).toHaveLength(2);
    expect(await checkpoint.load('run-one')).toEqual(before);
  };
  return { first, other: other as RunResult, request, resumeWith, expectUntouched, executions };
}

describe('decisions that do not fit the saved run are refused and nothing runs', () => {
  it('a decision bound to other arguments', async () => {
    const { request, resumeWith, expectUntouched } = await twoPausedRuns();
    const otherHash = argumentsHash('{"orderId":"A-17","amount":4000}');
    await expect(resumeWith([{ ...request, argumentsHash: otherHash, approve: true }])).rejects.toMatchObject(
      { name: 'ApprovalError', code: 'approval_arguments_mismatch', runId: 'run-one' },
    );
    // The id of the same call with other arguments names no waiting approval.
    const otherId = approvalIdFor({ ...request, argumentsHash: otherHash });
    await expect(resumeWith([{ approvalId: otherId, approve: true }])).rejects.toMatchObject({
      code: 'approval_unknown',
    });
    await expectUntouched();
  });

  it('a decision from another run', async () => {
    const { other, resumeWith, expectUntouched } = await twoPausedRuns();
    const foreign = other.interruptions?.[0];
    if (foreign === undefined) throw new Error('no interruption');
    await expect(resumeWith([{ ...foreign, approve: true }])).rejects.toMatchObject({
      code: 'approval_run_mismatch',
    });
    // Its id alone (without the run id) does not match either: ids are derived from the run id.
    await expect(resumeWith([{ approvalId: foreign.approvalId, approve: true }])).rejects.toMatchObject({
      code: 'approval_unknown',
    });
    await expectUntouched();
  });

  it('a decision given twice with different answers, in one call or across two', async () => {
    const { request, resumeWith, expectUntouched, executions } = await twoPausedRuns();
    const { approvalId } = request;
    await expect(
      resumeWith([
        { approvalId, approve: true },
        { approvalId, approve: false, reason: 'no' },
      ]),
    ).rejects.toMatchObject({ code: 'approval_conflict' });
    await expectUntouched();
    // A rejection, then an approval of the same call: refused; the call never ran.
    await resumeWith([{ approvalId, approve: false, reason: 'Too much.' }]);
    await expect(resumeWith([{ approvalId, approve: true }])).rejects.toMatchObject({
      code: 'approval_already_settled',
    });
    expect(executions).toEqual([]);
  });

  it('the same answer twice is accepted (a retried request) and runs the call once', async () => {
    const { request, resumeWith, executions } = await twoPausedRuns();
    const { approvalId } = request;
    const result = await resumeWith([
      { approvalId, approve: true },
      { ...request, approve: true },
    ]);
    expect(result.status).toBe('completed');
    expect(executions.map((e) => e.key)).toEqual(['run-one:call_r']);
  });

  it('a decision naming another call or tool, or without a reason for a rejection', async () => {
    const { request, resumeWith, expectUntouched } = await twoPausedRuns();
    const { approvalId } = request;
    await expect(resumeWith([{ approvalId, callId: 'call_x', approve: true }])).rejects.toMatchObject({
      code: 'approval_call_mismatch',
    });
    await expect(resumeWith([{ approvalId, toolName: 'lookup', approve: true }])).rejects.toMatchObject({
      code: 'approval_tool_mismatch',
    });
    await expect(
      resumeWith([{ approvalId, approve: false, reason: '' } as ApprovalDecision]),
    ).rejects.toMatchObject({ code: 'approval_decision_invalid' });
    // One bad decision among good ones: none is applied.
    await expect(
      resumeWith([
        { approvalId, approve: true },
        { approvalId: 'apr_0', approve: true },
      ]),
    ).rejects.toMatchObject({ code: 'approval_unknown' });
    await expectUntouched();
  });

  it('decisions that are not a list of objects (untyped JSON): approval_decision_invalid naming the field', async () => {
    const { request, resumeWith, expectUntouched } = await twoPausedRuns();
    const { approvalId } = request;
    const refused = (problem: RegExp) => ({
      name: 'ApprovalError',
      code: 'approval_decision_invalid',
      runId: 'run-one',
      message: expect.stringMatching(problem),
    });
    const untyped = (decisions: unknown) => resumeWith(decisions as ApprovalDecision[]);
    await expect(untyped([{ approvalId, approve: true }, null])).rejects.toMatchObject(
      refused(
        /decisions\[1\] is null, not an object\. Nothing ran\. Fix: send each decision as \{ approvalId/,
      ),
    );
    await expect(untyped(['yes'])).rejects.toMatchObject(
      refused(/decisions\[0\] is a string, not an object/),
    );
    await expect(untyped({ approvalId, approve: true })).rejects.toMatchObject(
      refused(/decisions is an object, not an array\. Nothing ran\. Fix: pass decisions: \[/),
    );
    await expect(untyped('approve all')).rejects.toMatchObject(
      refused(/decisions is a string, not an array/),
    );
    await expectUntouched();
  });

  it('with an approvalSecret: unsigned, forged or edited decisions are refused, a signed one runs', async () => {
    const { request, resumeWith, expectUntouched, executions } = await twoPausedRuns();
    const secret = randomBytes(32).toString('hex');
    const approvalSecret = secret;
    await expect(
      resumeWith([{ approvalId: request.approvalId, approve: true }], { approvalSecret }),
    ).rejects.toMatchObject({
      code: 'approval_signature_missing',
    });
    const forged = signApprovalDecision({
      request,
      approve: true,
      secret: 'another secret, 32 bytes long..',
    });
    await expect(resumeWith([forged], { approvalSecret })).rejects.toMatchObject({
      code: 'approval_signature_invalid',
    });
    // A signed rejection turned into an approval no longer verifies.
    const rejection = signApprovalDecision({ request, approve: false, reason: 'No.', secret });
    const edited = { ...rejection, approve: true } as ApprovalDecision;
    await expect(resumeWith([edited], { approvalSecret })).rejects.toMatchObject({
      code: 'approval_signature_invalid',
    });
    await expectUntouched();
    const signed = signApprovalDecision({ request, approve: true, secret });
    expect(signed.signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const result = await resumeWith([signed], { approvalSecret });
    expect(result.status).toBe('completed');
    expect(executions).toHaveLength(1);
  });

  it('the error message names the run, the approval and the fix', async () => {
    const { resumeWith } = await twoPausedRuns();
    await expect(resumeWith([{ approvalId: 'apr_nope', approve: true }])).rejects.toThrow(
      /Approval decision "apr_nope" refused for run "run-one": .*Nothing ran\. Fix: /,
    );
  });
});
