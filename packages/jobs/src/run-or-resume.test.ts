import { createClient } from '@mimo-agents/core';
import { type CheckpointStore, createMemoryCheckpointStore, type RunState } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runOrResume } from './run-or-resume.js';
import { scriptSteps, stepAgent } from './test-support/step-agent.js';

/** A memory store that counts the loads of each run id. */
function countingStore(): { store: CheckpointStore<RunState>; loads: Map<string, number> } {
  const inner = createMemoryCheckpointStore<RunState>();
  const loads = new Map<string, number>();
  return {
    loads,
    store: {
      save: (runId, state) => inner.save(runId, state),
      load: (runId) => {
        loads.set(runId, (loads.get(runId) ?? 0) + 1);
        return inner.load(runId);
      },
      delete: (runId) => inner.delete(runId),
    },
  };
}

describe('runOrResume', () => {
  it('loads and decodes a saved run once per resume, and resumes exactly what it loaded', async () => {
    const server = await startTestServer({ strict: true });
    scriptSteps(server, { steps: 1 });
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    onTestFinished(async () => {
      await client.close();
      await server.close();
    });
    const { store, loads } = countingStore();
    const agent = stepAgent({ ledger: '/dev/null', needsApproval: true });
    const options = { client, agent, runId: 'once-1', input: 'Record one step.', checkpoint: store };

    const paused = await runOrResume(options);
    expect(paused.status).toBe('interrupted');
    const seq = (await store.load('once-1'))?.checkpointSeq ?? 0;
    loads.clear();

    // A continuation: its decisions are checked against the state it loaded, and that state is resumed.
    const approvalId = paused.interruptions?.[0]?.approvalId ?? '';
    const done = await runOrResume({
      ...options,
      approvals: { afterSeq: seq, decisions: [{ approvalId, approve: true }] },
    });
    expect(done).toMatchObject({ status: 'completed', finalOutput: 'finished after 1 steps' });
    expect(loads.get('once-1')).toBe(1);
    loads.clear();

    // A finished run resumed again: its saved result, from one load.
    expect(await runOrResume(options)).toMatchObject({ status: 'completed' });
    expect(loads.get('once-1')).toBe(1);
    expect(server.calls).toHaveLength(2);
  });
});
