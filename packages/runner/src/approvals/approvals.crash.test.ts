import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReplySpec, startTestServer, type WireRequest } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import type { RunState } from '../run-state.js';
import { type CrashChild, startCrashChild } from '../test-support/crash-child-process.js';
import { type LedgerEntry, readLedger } from '../test-support/crash-ledger.js';
import type { ToolApprovalRequest } from './tool-approval-request.js';

const RUN_ID = 'run-approval-crash';

/** The scripted model: two `step` calls (both need approval), then an answer quoting their outputs. */
function reply(request: WireRequest): ReplySpec {
  const input = Array.isArray(request.input) ? request.input : [];
  const outputs = input
    .filter((item) => item.type === 'function_call_output')
    .map((item) => String(item.output));
  if (outputs.length === 0)
    return {
      type: 'output',
      items: [
        {
          type: 'function_call',
          name: 'step',
          arguments: JSON.stringify({ label: 'pay' }),
          callId: 'call_pay',
        },
        {
          type: 'function_call',
          name: 'step',
          arguments: JSON.stringify({ label: 'mail' }),
          callId: 'call_mail',
        },
      ],
    };
  return { type: 'output', items: [{ type: 'message', text: `done: ${outputs.join(' | ')}` }] };
}

describe('an approval survives SIGKILL', () => {
  it('killed while waiting, decided in a fresh process, killed inside the approved tool: it runs once', {
    timeout: 90_000,
  }, async () => {
    const server = await startTestServer({ strict: true });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-approval-crash-'));
    onTestFinished(async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    for (let i = 0; i < 10; i += 1) server.reply.with(reply);
    const ledger = join(directory, 'ledger.jsonl');
    const checkpointDir = join(directory, 'checkpoints');
    const boot = (mode: string, killAt: string): CrashChild =>
      startCrashChild(
        {
          MIMO_BASE_URL: server.url,
          MIMO_API_KEY: server.apiKey,
          RUN_ID,
          CHECKPOINT_DIR: checkpointDir,
          LEDGER: ledger,
          MODE: mode,
          KILL_AT: killAt,
        },
        'approval-crash-child.ts',
      );
    // Processes boot (the slow part) two ahead of the one running; each starts only on `go`.
    const plan: [string, string][] = [
      ['start', 'interrupted'],
      ['resume', ''],
      ['resume', 'tool:call_pay'],
      ['resume', 'effect:call_pay'],
      ['resume', ''],
    ];
    const booting = plan.slice(0, 2).map(([mode, killAt]) => boot(mode, killAt));
    let next = 2;
    const runChild = async (decisions?: unknown): Promise<string> => {
      const proc = booting.shift();
      const planned = plan[next];
      next += 1;
      if (planned !== undefined) booting.push(boot(...planned));
      if (proc === undefined) throw new Error('no child left');
      await proc.line('ready');
      proc.go(decisions === undefined ? undefined : JSON.stringify(decisions));
      const line = await Promise.race([proc.line('hang '), proc.line('result '), proc.line('error ')]);
      await proc.kill();
      return line;
    };
    const store = createFileCheckpointStore<RunState>({ directory: checkpointDir });

    // 1. The run pauses; its process is killed right after the interrupted state was saved.
    expect(await runChild()).toBe('hang interrupted');
    expect((await store.load(RUN_ID))?.status).toBe('interrupted');
    expect(readLedger(ledger)).toEqual([]);

    // 2. A fresh process resumes without decisions: still waiting, no request, nothing run.
    const waiting = await runChild();
    const paused = JSON.parse(waiting.slice('result '.length)) as {
      status: string;
      interruptions: ToolApprovalRequest[];
    };
    expect(paused.status).toBe('interrupted');
    expect(paused.interruptions.map((i) => i.callId)).toEqual(['call_pay', 'call_mail']);
    expect(server.calls).toHaveLength(1);
    const [pay, mail] = paused.interruptions;
    const decisions = [
      { ...pay, approve: true },
      { ...mail, approve: false, reason: 'No mail today.' },
    ];

    // 3. Another process gets the decisions and is killed inside the approved tool, before its effect.
    expect(await runChild(decisions)).toBe('hang tool:call_pay');
    // 4. The next one (no decisions given: they are in the saved state) is killed right after the effect.
    expect(await runChild()).toBe('hang effect:call_pay');
    // 5. The same decisions sent again (a retried request) are accepted; the run finishes.
    const finished = await runChild(decisions);
    const result = JSON.parse(finished.slice('result '.length)) as { status: string; finalOutput: string };

    const entries = readLedger(ledger);
    const of = (kind: LedgerEntry['kind']) => entries.filter((e) => e.kind === kind);
    // One effect, for the approved call only; the repeat found it and did not redo it.
    expect(of('done').map((e) => [e.callId, e.key])).toEqual([['call_pay', `${RUN_ID}:call_pay`]]);
    expect(of('started').map((e) => e.attempt)).toEqual([1, 2]);
    expect(of('deduplicated').map((e) => e.attempt)).toEqual([3]);
    expect(entries.some((e) => e.callId === 'call_mail')).toBe(false);
    const receipt = of('done')[0]?.result;
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe(
      `done: ${receipt} | Rejected: a person declined this call to step, so it was not run. Reason: No mail today.`,
    );
    expect(server.calls.map((call) => call.status)).toEqual([200, 200]);
  });
});
