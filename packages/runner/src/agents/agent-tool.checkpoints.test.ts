import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Agent } from '../agent.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { run } from '../run.js';
import { createRunState, type RunState } from '../run-state.js';
import { scriptByInstructions } from '../test-support/agent-replies.js';
import { startHarness } from '../test-support/harness.js';
import { agentTool } from './agent-tool.js';
import { deleteRunCheckpoints } from './delete-run-checkpoints.js';

const model = 'mimo-v2.6-pro';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mimo-subrun-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** lead → alpha (agent tool) → beta (agent tool of alpha): a tree of three runs. */
function tree() {
  const beta: Agent = { name: 'beta', model, instructions: 'B' };
  const alpha: Agent = {
    name: 'alpha',
    model,
    instructions: 'A',
    tools: [agentTool(beta, { name: 'ask_beta', description: 'Ask beta' })],
  };
  const lead: Agent = {
    name: 'lead',
    model,
    instructions: 'P',
    tools: [agentTool(alpha, { name: 'ask_alpha', description: 'Ask alpha' })],
  };
  return { lead };
}

const ask = (name: string, callId: string) => ({ calls: [{ name, arguments: { input: 'q' }, callId }] });

/** A store that logs every save (with the state's recorded outputs) and delete, in order. */
function loggingStore(inner: CheckpointStore<RunState>) {
  const log: { op: 'save' | 'delete'; runId: string; outputs: string[] }[] = [];
  const store: CheckpointStore<RunState> = {
    async save(runId, state) {
      const calls = [...state.turns.flatMap((turn) => turn.toolCalls), ...(state.pending?.calls ?? [])];
      const outputs = calls.flatMap((call) => (call.output === undefined ? [] : [call.callId]));
      log.push({ op: 'save', runId, outputs });
      await inner.save(runId, state);
    },
    load: (runId) => inner.load(runId),
    async delete(runId) {
      log.push({ op: 'delete', runId, outputs: [] });
      await inner.delete(runId);
    },
  };
  return { store, log };
}

describe('agentTool: sub-run checkpoints are cleaned up', () => {
  it("deletes each sub-run's checkpoint (file store) once its parent has saved the call's output", async () => {
    const { server, client } = await startHarness();
    const directory = await tempDir();
    const file = createFileCheckpointStore({ directory });
    const { store, log } = loggingStore(file);
    scriptByInstructions(server, {
      P: [ask('ask_alpha', 'call_a'), { text: 'done' }],
      A: [ask('ask_beta', 'call_b'), { text: 'alpha done' }],
      B: [{ text: 'beta done' }],
    });
    const result = await run({ client, agent: tree().lead, input: 'go', runId: 'job-1', checkpoint: store });
    expect(result.finalOutput).toBe('done');

    // Both sub-runs were saved, then deleted; only the top run's checkpoint is left.
    const saved = new Set(log.filter((entry) => entry.op === 'save').map((entry) => entry.runId));
    expect([...saved].sort()).toEqual(['job-1', 'job-1/call_a', 'job-1/call_a/call_b']);
    expect(await readdir(directory)).toEqual([file.pathFor('job-1').split('/').at(-1)]);
    // Never before the parent's saved state held the call's output (a resume would need it until then).
    for (const [child, parent, callId] of [
      ['job-1/call_a', 'job-1', 'call_a'],
      ['job-1/call_a/call_b', 'job-1/call_a', 'call_b'],
    ] as const) {
      const deleted = log.findIndex((entry) => entry.op === 'delete' && entry.runId === child);
      const outputSaved = log.findIndex(
        (entry) => entry.op === 'save' && entry.runId === parent && entry.outputs.includes(callId),
      );
      expect(outputSaved).toBeGreaterThanOrEqual(0);
      expect(deleted).toBeGreaterThan(outputSaved);
    }
    // The top run's own checkpoint goes with deleteRunCheckpoints (the jobs worker calls it on completion).
    await deleteRunCheckpoints(file, 'job-1');
    expect(await readdir(directory)).toEqual([]);
  });

  it('keepCheckpoint keeps the finished sub-run (for the inspector); deleteRunCheckpoints takes it with its parent', async () => {
    const { server, client } = await startHarness();
    const directory = await tempDir();
    const file = createFileCheckpointStore({ directory });
    const beta: Agent = { name: 'beta', model, instructions: 'B' };
    const lead: Agent = {
      name: 'lead',
      model,
      instructions: 'P',
      tools: [agentTool(beta, { name: 'ask_beta', description: 'Ask beta', keepCheckpoint: true })],
    };
    scriptByInstructions(server, {
      P: [ask('ask_beta', 'call_b'), { text: 'done' }],
      B: [{ text: 'beta done' }],
    });
    await run({ client, agent: lead, input: 'go', runId: 'job-k', checkpoint: file });
    expect(await file.load('job-k/call_b')).toMatchObject({ status: 'completed', finalOutput: 'beta done' });
    await deleteRunCheckpoints(file, 'job-k');
    expect(await readdir(directory)).toEqual([]);
  });

  it('a sub-run checkpoint that cannot be deleted does not fail the parent; the end-of-run sweep takes it', async () => {
    const { server, client } = await startHarness();
    const memory = createMemoryCheckpointStore();
    let refused = 0;
    const store: CheckpointStore<RunState> = {
      save: (runId, state) => memory.save(runId, state),
      load: (runId) => memory.load(runId),
      async delete(runId) {
        if (runId.includes('/') && refused === 0) {
          refused += 1;
          throw new Error('store unavailable');
        }
        await memory.delete(runId);
      },
    };
    scriptByInstructions(server, {
      P: [ask('ask_alpha', 'call_a'), { text: 'done' }],
      A: [{ text: 'alpha done' }],
    });
    const alphaOnly: Agent = {
      name: 'lead',
      model,
      instructions: 'P',
      tools: [
        agentTool({ name: 'alpha', model, instructions: 'A' }, { name: 'ask_alpha', description: 'Ask' }),
      ],
    };
    const result = await run({ client, agent: alphaOnly, input: 'go', runId: 'job-2', checkpoint: store });
    expect(result.finalOutput).toBe('done');
    // The fault fired: the early delete was refused, and the sub-run's checkpoint stayed.
    expect(refused).toBe(1);
    expect(memory.runIds().sort()).toEqual(['job-2', 'job-2/call_a']);
    await deleteRunCheckpoints(store, 'job-2');
    expect(memory.runIds()).toEqual([]);
  });

  it('deleteRunCheckpoints sweeps sub-runs a crash left behind, recursively, damaged ones too', async () => {
    const store = createMemoryCheckpointStore();
    const withCall = (runId: string, callId: string): RunState => {
      const state = createRunState({
        runId,
        agent: { name: 'a', model },
        input: [{ role: 'user', content: 'x' }],
      });
      state.turns.push({
        turn: 1,
        responseId: 'r',
        status: 'completed',
        text: '',
        toolCalls: [{ callId, name: 'ask', arguments: '{}', outcome: 'ok', output: 'y' }],
        usage: state.usage,
        durationMs: 1,
        retries: 0,
      });
      return state;
    };
    await store.save('top', withCall('top', 'c1'));
    await store.save('top/c1', withCall('top/c1', 'c2'));
    await store.save('top/c1/c2', withCall('top/c1/c2', 'c3'));
    store.setRaw('top/c1/c2/c3', 'not a checkpoint');
    // Another run's checkpoints are left alone.
    await store.save('other', withCall('other', 'c1'));
    await store.save('other/c1', withCall('other/c1', 'c9'));

    await deleteRunCheckpoints(store, 'top');
    expect(store.runIds().sort()).toEqual(['other', 'other/c1']);
    // Unknown runs are a no-op.
    await deleteRunCheckpoints(store, 'nobody');
    expect(store.runIds()).toHaveLength(2);
  });
});
