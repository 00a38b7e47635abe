import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ToolApprovalRequest } from '../approvals/tool-approval-request.js';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import type { RunState } from '../run-state.js';
import { startCrashChild } from '../test-support/crash-child-process.js';
import { type LedgerEntry, readLedger } from '../test-support/crash-ledger.js';
import { scriptTeam } from '../test-support/team-replies.js';

const RUN_ID = 'lead-approval';

describe.each([
  { levels: 1, sub: `${RUN_ID}/call_w`, path: ['lead', 'worker'], turns: ['P', 'W', 'W', 'P'] },
  {
    levels: 2,
    sub: `${RUN_ID}/call_m/call_w`,
    path: ['lead', 'manager', 'worker'],
    turns: ['P', 'M', 'W', 'W', 'M', 'P'],
  },
])(
  'an approval inside a durable sub-run $levels level(s) down, with SIGKILLs around it',
  ({ levels, sub, path, turns }) => {
    it('pauses the parent, resumes through it after crashes: every tool once, every model turn once', async () => {
      const server = await startTestServer({ strict: true });
      const directory = await mkdtemp(join(tmpdir(), 'mimo-subrun-approval-crash-'));
      onTestFinished(async () => {
        await server.close();
        await rm(directory, { recursive: true, force: true });
      });
      // The lead calls its own step and the worker in one turn; the worker's step needs approval.
      scriptTeam(server, {
        P: [
          { name: 'step', arguments: { label: 'p' }, callId: 'call_p' },
          levels === 2
            ? { name: 'ask_manager', arguments: { input: 'get it done' }, callId: 'call_m' }
            : { name: 'ask_worker', arguments: { input: 'do it' }, callId: 'call_w' },
        ],
        M: [{ name: 'ask_worker', arguments: { input: 'do it' }, callId: 'call_w' }],
        W: [{ name: 'step', arguments: { label: 's' }, callId: 'call_s' }],
      });
      const ledger = join(directory, 'ledger.jsonl');
      const checkpointDir = join(directory, 'checkpoints');
      const runChild = async (mode: string, killAt: string, decisions?: unknown): Promise<string> => {
        const proc = startCrashChild(
          {
            MIMO_BASE_URL: server.url,
            MIMO_API_KEY: server.apiKey,
            RUN_ID,
            CHECKPOINT_DIR: checkpointDir,
            LEDGER: ledger,
            MODE: mode,
            KILL_AT: killAt,
            LEVELS: String(levels),
          },
          'sub-run-approval-crash-child.ts',
        );
        await proc.line('ready');
        proc.go(decisions === undefined ? undefined : JSON.stringify(decisions));
        const line = await Promise.race([proc.line('hang '), proc.line('result '), proc.line('error ')]);
        await proc.kill();
        return line;
      };
      const store = createFileCheckpointStore<RunState>({ directory: checkpointDir });

      // 1. The lead's own step runs; the worker pauses; the process dies right after the lead saved its pause.
      expect(await runChild('start', 'interrupted')).toBe('hang interrupted');
      const paused = await store.load(RUN_ID);
      expect(paused?.status).toBe('interrupted');
      const waiting = paused?.pending?.calls.find(
        (call) => call.callId === (levels === 2 ? 'call_m' : 'call_w'),
      );
      expect(waiting?.outcome).toBeUndefined();
      const request = waiting?.subRun?.interruptions[0] as ToolApprovalRequest;
      expect(request).toMatchObject({ runId: sub, callId: 'call_s', agentPath: path });
      expect(readLedger(ledger).map((e) => [e.kind, e.callId])).toEqual([
        ['started', 'call_p'],
        ['done', 'call_p'],
      ]);
      const decisions = [{ ...request, approve: true }];

      // 2. Approved on the parent; killed inside the worker's step, right after its effect.
      expect(await runChild('resume', 'effect:call_s', decisions)).toBe('hang effect:call_s');
      // 3. The same decision again (a retried request) is accepted; killed once the step's outcome is saved.
      expect(await runChild('resume', 'after-outcome:call_s', decisions)).toBe('hang after-outcome:call_s');
      // 4. A plain resume finishes the worker, then the lead.
      const last = await runChild('resume', '');
      expect(last).toMatch(/^result /);
      const result = JSON.parse(last.slice('result '.length)) as {
        status: string;
        finalOutput: string;
        usage: { requests: number };
      };

      const entries = readLedger(ledger);
      const of = (kind: LedgerEntry['kind'], callId: string) =>
        entries.filter((e) => e.kind === kind && e.callId === callId).map((e) => [e.key, e.attempt]);
      // The lead's own step ran once, before the pause, and never again.
      expect(of('started', 'call_p')).toEqual([[`${RUN_ID}:call_p`, 1]]);
      expect(of('done', 'call_p')).toEqual([[`${RUN_ID}:call_p`, 1]]);
      // The approved step had its effect once; the repeat after the kill found it (same key).
      expect(of('done', 'call_s')).toEqual([[`${sub}:call_s`, 1]]);
      expect(of('deduplicated', 'call_s')).toEqual([[`${sub}:call_s`, 2]]);
      const receipt = (callId: string) =>
        entries.find((e) => e.kind === 'done' && e.callId === callId)?.result;
      expect(result.status).toBe('completed');
      const worker = `W: ${receipt('call_s')}`;
      expect(result.finalOutput).toBe(`P: ${receipt('call_p')} | ${levels === 2 ? `M: ${worker}` : worker}`);
      // No model turn sent twice: lead, (manager,) worker, (pause, kills), worker's answer, (manager's,) lead's.
      expect(server.calls.map((call) => (call.body as { instructions?: string }).instructions)).toEqual(
        turns,
      );
      expect(server.calls.every((call) => call.status === 200)).toBe(true);
      expect(result.usage.requests).toBe(turns.length);
      // The sub-run's checkpoint (kept while it waited) went once the lead saved the call's output.
      expect(await store.load(sub)).toBeUndefined();
    }, 120_000);
  },
);
