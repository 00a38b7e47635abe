import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ReplySpec, startTestServer, type WireRequest } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import type { RunState } from '../run-state.js';
import { startCrashChild } from '../test-support/crash-child-process.js';
import { readLedger } from '../test-support/crash-ledger.js';

const RUN_ID = 'lead-run';
const child = fileURLToPath(new URL('../test-support/sub-agent-crash-child.ts', import.meta.url));

/** The scripted model, a pure function of each request: the lead asks the worker, the worker does two steps. */
function reply(request: WireRequest): ReplySpec {
  const input = Array.isArray(request.input) ? request.input : [];
  const outputs = input
    .filter((item) => item.type === 'function_call_output')
    .map((item) => String(item.output));
  const call = (name: string, args: Record<string, unknown>, callId: string) =>
    ({ type: 'function_call', name, arguments: JSON.stringify(args), callId }) as const;
  if (request.instructions === 'P')
    return outputs.length === 0
      ? { type: 'output', items: [call('ask_worker', { input: 'do it' }, 'call_w')] }
      : { type: 'output', items: [{ type: 'message', text: `lead: ${outputs.join(', ')}` }] };
  if (outputs.length === 0) return { type: 'output', items: [call('step', { label: 'a' }, 'call_s1')] };
  if (outputs.length === 1) return { type: 'output', items: [call('step', { label: 'b' }, 'call_s2')] };
  return { type: 'output', items: [{ type: 'message', text: `worker: ${outputs.join(', ')}` }] };
}

describe('a durable sub-agent run killed with SIGKILL', () => {
  it('resumes inside the sub-run through the parent: every model turn sent once, every effect once', async () => {
    const server = await startTestServer({ strict: true });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-subagent-crash-'));
    onTestFinished(async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    for (let i = 0; i < 20; i += 1) server.reply.with(reply);
    const ledger = join(directory, 'ledger.jsonl');
    const checkpointDir = join(directory, 'checkpoints');
    const kills = ['after-outcome:call_s1', 'effect:call_s2', ''];
    let last = '';
    for (const [i, killAt] of kills.entries()) {
      const proc = startCrashChild(
        {
          MIMO_BASE_URL: server.url,
          MIMO_API_KEY: server.apiKey,
          RUN_ID,
          CHECKPOINT_DIR: checkpointDir,
          LEDGER: ledger,
          MODE: i === 0 ? 'start' : 'resume',
          KILL_AT: killAt,
        },
        child,
      );
      await proc.line('ready');
      proc.go();
      last = await Promise.race([proc.line('hang '), proc.line('result '), proc.line('error ')]);
      if (killAt !== '') {
        expect(last, proc.lines().join('\n')).toBe(`hang ${killAt}`);
        await proc.kill();
      }
    }
    expect(last).toMatch(/^result /);
    const result = JSON.parse(last.slice('result '.length)) as {
      status: string;
      finalOutput: string;
      usage: { requests: number };
    };

    // The worker's first step ran once and was never repeated; the second was killed after its effect,
    // so it ran again with the same key and found its effect done (deduplicated), never doing it twice.
    const entries = readLedger(ledger);
    const of = (kind: string, callId: string) =>
      entries.filter((entry) => entry.kind === kind && entry.callId === callId).map((entry) => entry.attempt);
    expect(of('started', 'call_s1')).toEqual([1]);
    expect(of('done', 'call_s1')).toEqual([1]);
    expect(of('started', 'call_s2')).toEqual([1]);
    expect(of('done', 'call_s2')).toEqual([1]);
    expect(of('deduplicated', 'call_s2')).toEqual([2]);
    // The sub-run's tools are keyed under the sub-run's id: <parent runId>/<callId>.
    expect(new Set(entries.map((entry) => entry.key))).toEqual(
      new Set([`${RUN_ID}/call_w:call_s1`, `${RUN_ID}/call_w:call_s2`]),
    );
    const receipts = ['call_s1', 'call_s2'].map(
      (id) => entries.find((entry) => entry.kind === 'done' && entry.callId === id)?.result,
    );
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe(`lead: worker: ${receipts.join(', ')}`);

    // No model turn was sent twice: lead 1, worker 1-3, lead 2 (each kill was between requests).
    expect(server.calls.map((call) => (call.body as { instructions?: string }).instructions)).toEqual([
      'P',
      'W',
      'W',
      'W',
      'P',
    ]);
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200, 200, 200]);
    // The parent's usage counts every request of both runs exactly once, resumes included.
    expect(result.usage.requests).toBe(5);
    const store = createFileCheckpointStore<RunState>({ directory: checkpointDir });
    // The parent's saved state holds the call's output, so the sub-run's checkpoint was deleted after it.
    const parent = await store.load(RUN_ID);
    const call = parent?.turns.flatMap((turn) => turn.toolCalls).find((c) => c.callId === 'call_w');
    expect(call?.output).toBe(`worker: ${receipts.join(', ')}`);
    expect(await store.load(`${RUN_ID}/call_w`)).toBeUndefined();
  }, 120_000);
});
