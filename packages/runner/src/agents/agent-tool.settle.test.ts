import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../agent.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { run } from '../run.js';
import type { RunState } from '../run-state.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { startHarness } from '../test-support/harness.js';
import { agentTool } from './agent-tool.js';

const model = 'mimo-v2.6-pro';

/** A memory store whose saves of sub-runs (ids with '/') never return: a stuck store. */
function hangingSubRunSaves() {
  const inner = createMemoryCheckpointStore();
  const hung: string[] = [];
  const store: CheckpointStore<RunState> = {
    save: (runId, state) => {
      if (!runId.includes('/')) return inner.save(runId, state);
      hung.push(runId);
      return new Promise<void>(() => {});
    },
    load: (runId) => inner.load(runId),
    delete: (runId) => inner.delete(runId),
  };
  return { store, hung };
}

describe('agentTool: a stuck sub-run after a timeout', () => {
  it('the parent waits at most settleTimeoutMs, logs SubRunSettleTimeoutError, and the call keeps its timeout output', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const { server, client } = await startHarness({}, { logger: pino({ level: 'warn' }, sink) });
    scriptByInstructions(server, {
      L: [
        { calls: [{ name: 'ask_worker', arguments: { input: 'work' }, callId: 'call_w' }] },
        { text: 'lead: the worker timed out' },
      ],
      W: [{ text: 'worker: done' }],
    });
    const worker: Agent = { name: 'worker', model, instructions: 'W' };
    const lead: Agent = {
      name: 'lead',
      model,
      instructions: 'L',
      tools: [
        agentTool(worker, { name: 'ask_worker', description: 'Works', timeoutMs: 50, settleTimeoutMs: 50 }),
      ],
    };
    const { store, hung } = hangingSubRunSaves();

    const result = await run({ client, agent: lead, input: 'go', runId: 'stuck-1', checkpoint: store });

    // The fault fired: the sub-run's save never returned.
    expect(hung[0]).toBe('stuck-1/call_w');
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('lead: the worker timed out');
    expect(result.turns[0]?.toolCalls[0]).toMatchObject({
      name: 'ask_worker',
      outcome: 'error',
      errorKind: 'timeout',
    });
    expect(result.turns[0]?.toolCalls[0]?.output).toMatch(/timed out after 50 ms/);
    const warned = lines.map(
      (line) => JSON.parse(line) as { msg: string; err?: { code?: string; message?: string } },
    );
    const entry = warned.find((line) => line.err?.code === 'sub_run_settle_timeout');
    expect(entry?.msg).toBe('sub-run did not end after its call was cancelled');
    expect(entry?.err?.message).toMatch(
      /agentTool "ask_worker" settleTimeoutMs \(50 ms .*"stuck-1\/call_w".* Fix: /,
    );
  });

  it('refuses a settleTimeoutMs below 0', () => {
    const worker: Agent = { name: 'worker', model };
    expect(() => agentTool(worker, { name: 'w', description: 'd', settleTimeoutMs: -1 })).toThrow(
      /settleTimeoutMs.*Fix: pass a number of ms >= 0/,
    );
  });
});

describe('agentTool: the parent cancelled while the sub-run checkpoint loads', () => {
  it('starts no sub-run and leaves no checkpoint behind; the call keeps the cancelled output', async () => {
    const { server, client } = await startHarness();
    scriptByInstructions(server, {
      L: [{ calls: [{ name: 'ask_worker', arguments: { input: 'work' }, callId: 'call_w' }] }],
      W: [{ text: 'worker: done' }],
    });
    const worker: Agent = { name: 'worker', model, instructions: 'W' };
    const lead: Agent = {
      name: 'lead',
      model,
      instructions: 'L',
      tools: [agentTool(worker, { name: 'ask_worker', description: 'Works' })],
    };
    const inner = createMemoryCheckpointStore();
    const controller = new AbortController();
    const log: string[] = [];
    const store: CheckpointStore<RunState> = {
      async save(runId, state) {
        const call = state.pending?.calls.find((c) => c.callId === 'call_w');
        if (runId === 'cancel-1' && call?.outcome !== undefined) log.push('parent saved the outcome');
        if (runId.includes('/')) log.push('sub-run saved');
        await inner.save(runId, state);
      },
      async load(runId) {
        if (runId !== 'cancel-1/call_w' || log.includes('sub-run load returned')) return inner.load(runId);
        // The fault: the parent is cancelled while the agent tool waits for its sub-run's checkpoint.
        controller.abort(new Error('user cancelled'));
        await new Promise((resolve) => setImmediate(resolve));
        log.push('sub-run load returned');
        return inner.load(runId);
      },
      delete: (runId) => inner.delete(runId),
    };

    const error = await run({
      client,
      agent: lead,
      input: 'go',
      runId: 'cancel-1',
      checkpoint: store,
      signal: controller.signal,
    }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'RunAbortedError' });
    // The parent waited for the agent tool before recording the call; no sub-run was started or saved.
    expect(log).toEqual(['sub-run load returned', 'parent saved the outcome']);
    expect(server.calls).toHaveLength(1);
    expect(inner.runIds()).toEqual(['cancel-1']);
    const saved = await inner.load('cancel-1');
    const call = [...(saved?.turns.at(-1)?.toolCalls ?? []), ...(saved?.pending?.calls ?? [])].find(
      (c) => c.callId === 'call_w',
    );
    expect(call).toMatchObject({ outcome: 'error', errorKind: 'aborted' });
  });
});
