import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, validateHistory } from '@mimo-agents/core';
import { type ReplySpec, startTestServer, type WireRequest } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Agent } from './agent.js';
import { createFileCheckpointStore } from './checkpoint/file-checkpoint-store.js';
import type { CheckpointSavedEvent } from './events.js';
import { streamResume } from './resume.js';
import type { RunState } from './run-state.js';
import { type CrashChild, startCrashChild } from './test-support/crash-child-process.js';
import { type LedgerEntry, ledgerStepTool, readLedger } from './test-support/crash-ledger.js';
import { drain } from './test-support/harness.js';

const RUN_ID = 'run-crash';
const CALLS = ['call_1', 'call_2a', 'call_2b', 'call_3'] as const;

/** Tool outputs in the history when model turns 1, 3 and 4 are asked for: the turns killed mid-stream. */
const KILLED_MID_STREAM = new Set([0, 3, 4]);
/** Events written before the first answer to a killed turn stalls: created, in_progress, the item and part added, 5 reasoning deltas. */
const STALL_AFTER_EVENTS = 9;

/**
 * The scripted model, a pure function of the history (so a resent turn gets the same answer): step
 * "a"; then "b" and "c" in parallel; then "d"; then a final answer quoting every tool output in call
 * order (so a wrong or re-made output shows in the answer). The first answer to each turn killed
 * mid-stream stalls with the socket open after its 5th reasoning delta, so the kill always lands
 * mid-stream, however slowly the test process gets to it.
 */
function plannedReply(request: WireRequest, asked: Map<number, number>): ReplySpec {
  const input = Array.isArray(request.input) ? request.input : [];
  const outputs = input
    .filter((item) => item.type === 'function_call_output')
    .map((item) => String(item.output));
  const times = (asked.get(outputs.length) ?? 0) + 1;
  asked.set(outputs.length, times);
  const stall = times === 1 && KILLED_MID_STREAM.has(outputs.length);
  const streaming = { deltaSize: 2, eventDelayMs: 4 };
  const fault = stall ? { fault: { type: 'stall-after-events', events: STALL_AFTER_EVENTS } as const } : {};
  const reasoning = {
    type: 'reasoning',
    text: `Step ${outputs.length}: checking the plan and what is left.`,
  } as const;
  const call = (label: string, callId: string) =>
    ({ type: 'function_call', name: 'step', arguments: JSON.stringify({ label }), callId }) as const;
  switch (outputs.length) {
    case 0:
      return { type: 'output', streaming, ...fault, items: [reasoning, call('a', 'call_1')] };
    case 1:
      return { type: 'output', streaming, items: [reasoning, call('b', 'call_2a'), call('c', 'call_2b')] };
    case 3:
      return { type: 'output', streaming, ...fault, items: [reasoning, call('d', 'call_3')] };
    default:
      return {
        type: 'output',
        streaming,
        ...fault,
        items: [reasoning, { type: 'message', text: `done: ${outputs.join(', ')}` }],
      };
  }
}

/**
 * Where each process is SIGKILLed, in order (see crash-child.ts): mid-stream in every model turn,
 * inside a tool before and after its effect, and right after checkpoints (a turn, an outcome, the end).
 */
const KILLS = [
  'stream:1:5',
  'tool:call_1',
  'after-turn:2',
  'tool:call_2b',
  'effect:call_2b',
  'stream:3:5',
  'after-outcome:call_3',
  'stream:4:5',
  'after-end',
];

describe('a checkpointed run killed with SIGKILL at many points', () => {
  it('finishes with the right answer, one effect per call id, and only valid histories sent', async () => {
    const server = await startTestServer({ strict: true });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-crash-'));
    onTestFinished(async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    const asked = new Map<number, number>();
    for (let i = 0; i < 40; i += 1) server.reply.with((request) => plannedReply(request, asked));
    const ledger = join(directory, 'ledger.jsonl');
    const checkpointDir = join(directory, 'checkpoints');
    const env = (mode: string, killAt: string) => ({
      MIMO_BASE_URL: server.url,
      MIMO_API_KEY: server.apiKey,
      RUN_ID,
      CHECKPOINT_DIR: checkpointDir,
      LEDGER: ledger,
      MODE: mode,
      KILL_AT: killAt,
    });

    // Processes boot (the slow part) two ahead of the one running, and each starts only on `go`.
    const boot = (i: number): CrashChild | undefined => {
      const killAt = KILLS[i];
      return killAt === undefined ? undefined : startCrashChild(env(i === 0 ? 'start' : 'resume', killAt));
    };
    const booting: (CrashChild | undefined)[] = [boot(0), boot(1)];
    for (const [i, killAt] of KILLS.entries()) {
      const child = booting.shift();
      booting.push(boot(i + 2));
      if (child === undefined) throw new Error(`no child for kill point ${killAt}`);
      await child.line('ready');
      child.go();
      const hang = await Promise.race([child.line('hang '), child.line('result '), child.line('error ')]);
      expect(hang, child.lines().join('\n')).toBe(`hang ${killAt}`);
      await child.kill();
    }

    // The last resume runs here: the run had already finished, so it returns without a request.
    const requestsBefore = server.calls.length;
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    onTestFinished(() => client.close());
    const agent: Agent = { name: 'planner', model: 'mimo-v2.6-pro', tools: [ledgerStepTool(ledger)] };
    const checkpoint = createFileCheckpointStore<RunState>({ directory: checkpointDir });
    const stream = streamResume({ client, agent, runId: RUN_ID, checkpoint });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(server.calls).toHaveLength(requestsBefore);
    expect(events.filter((e): e is CheckpointSavedEvent => e.type === 'checkpoint.saved')).toEqual([]);

    // Exactly one effect per call id, and the answer quotes those very effects.
    const entries = readLedger(ledger);
    const of = (kind: LedgerEntry['kind'], callId: string) =>
      entries.filter((entry) => entry.kind === kind && entry.callId === callId);
    for (const callId of CALLS) expect(of('done', callId), callId).toHaveLength(1);
    expect(new Set(entries.map((entry) => entry.key))).toEqual(new Set(CALLS.map((id) => `${RUN_ID}:${id}`)));
    const receipts = CALLS.map((callId) => of('done', callId)[0]?.result);
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe(`done: ${receipts.join(', ')}`);
    expect(result.turns.map((turn) => turn.toolCalls.map((call) => call.callId))).toEqual([
      ['call_1'],
      ['call_2a', 'call_2b'],
      ['call_3'],
      [],
    ]);
    // A call killed inside its tool ran again with a higher attempt and the same key; a call whose
    // outcome was saved never ran again; every repeat after an effect was deduplicated, not redone.
    expect(of('started', 'call_1').map((e) => e.attempt)).toEqual([1, 2]);
    expect(of('done', 'call_1')[0]?.attempt).toBe(2);
    expect(of('started', 'call_2b').map((e) => e.attempt)).toEqual([1, 2]);
    expect(of('deduplicated', 'call_2b').map((e) => e.attempt)).toEqual([3]);
    expect(of('started', 'call_2a').map((e) => e.attempt)).toEqual([1]);
    expect(of('started', 'call_3').map((e) => e.attempt)).toEqual([1]);
    expect(of('deduplicated', 'call_3')).toEqual([]);
    for (const entry of of('deduplicated', 'call_2a')) expect(entry.attempt).toBeGreaterThan(1);

    // Every request was accepted by the strict server (a bad history gets 400). Turns killed mid-stream
    // were resent with the same history: turn 1, 3 and 4 twice, turn 2 once.
    expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const inputs = server.calls.map((call) => (call.body as { input: unknown[] }).input);
    for (const input of inputs) expect(() => validateHistory(input as RunState['history'])).not.toThrow();
    expect(server.calls.map((call) => call.clientAborted)).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
      false,
    ]);
    // The stall fired on each killed first answer (so each kill landed mid-stream), on no other.
    const stalled = {
      type: 'stall-after-events',
      events: STALL_AFTER_EVENTS,
      eventsWritten: STALL_AFTER_EVENTS,
    };
    expect(server.calls.map((call) => call.faults)).toEqual([
      [stalled],
      [],
      [],
      [stalled],
      [],
      [stalled],
      [],
    ]);
    expect(inputs[1]).toEqual(inputs[0]);
    expect(inputs[4]).toEqual(inputs[3]);
    expect(inputs[6]).toEqual(inputs[5]);
    expect(
      result.history.filter((item) => 'type' in item && item.type === 'function_call_output'),
    ).toHaveLength(4);
    // A dozen real child processes killed and restarted: slow on a loaded 2-core machine.
  }, 120_000);
});
