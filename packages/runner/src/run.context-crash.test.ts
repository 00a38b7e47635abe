import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, validateHistory } from '@mimo-agents/core';
import { type ReplySpec, startTestServer, type WireRequest } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createFileCheckpointStore } from './checkpoint/file-checkpoint-store.js';
import { streamResume } from './resume.js';
import type { RunState } from './run-state.js';
import { CRASH_POLICY, isCompaction, lookupAgent, scriptLookups } from './test-support/context-model.js';
import { startCrashChild } from './test-support/crash-child-process.js';
import { drain } from './test-support/harness.js';

const RUN_ID = 'run-compaction-crash';
const ROUNDS = 8;
const child = fileURLToPath(new URL('./test-support/context-crash-child.ts', import.meta.url));

describe('a run killed with SIGKILL during its compaction request', () => {
  it('resumes from the checkpoint before the cut, compacts again once, and finishes without repeating a model turn', async () => {
    const server = await startTestServer({ strict: true, contextWindow: 4000 });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-compaction-crash-'));
    onTestFinished(async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    // The first compaction request is held: it tells the test it arrived, and never gets an answer.
    let arrived: () => void = () => {};
    const compactionArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let heldOnce = false;
    const holdFirstCompaction = (request: WireRequest): Promise<ReplySpec> | undefined => {
      if (!isCompaction(request) || heldOnce) return undefined;
      heldOnce = true;
      arrived();
      return new Promise<ReplySpec>(() => {});
    };
    const original = server.reply.next.bind(server.reply);
    scriptLookups(server, ROUNDS, 2);
    server.reply.next = () => {
      const entry = original();
      if (typeof entry !== 'function') return entry;
      return (request, call) => holdFirstCompaction(request) ?? entry(request, call);
    };
    const checkpointDir = join(directory, 'checkpoints');
    const proc = startCrashChild(
      { MIMO_BASE_URL: server.url, MIMO_API_KEY: server.apiKey, RUN_ID, CHECKPOINT_DIR: checkpointDir },
      child,
    );
    await compactionArrived;
    await proc.kill();
    expect(proc.lines()).not.toContain('event context.compacted');
    expect(proc.lines().some((line) => line.startsWith('result '))).toBe(false);

    const checkpoint = createFileCheckpointStore<RunState>({ directory: checkpointDir });
    const saved = await checkpoint.load(RUN_ID);
    expect(saved?.compactions).toBeUndefined();
    validateHistory(saved?.history ?? []);
    const turnsBefore = saved?.turns.length ?? 0;
    expect(turnsBefore).toBeGreaterThan(0);

    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    onTestFinished(() => client.close());
    const stream = streamResume({
      client,
      agent: lookupAgent(),
      runId: RUN_ID,
      checkpoint,
      contextPolicy: CRASH_POLICY,
    });
    const events = await drain(stream);
    const result = await stream.finalResult();
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe(`read ${ROUNDS} pages`);
    const bodies = server.calls.map((call) => call.body as WireRequest);
    expect(bodies.filter(isCompaction)).toHaveLength(2);
    expect(events.filter((e) => e.type === 'context.compacted')).toHaveLength(1);
    expect(result.compactions).toHaveLength(1);
    // Every model turn was requested once: the killed process never sent the turn after the cut.
    expect(bodies.filter((body) => !isCompaction(body))).toHaveLength(ROUNDS + 1);
    expect(result.turns).toHaveLength(ROUNDS + 1);
    expect(result.usage.requests).toBe(ROUNDS + 2);
    validateHistory(result.history);
    expect(
      server.calls.filter((call) => !isCompaction(call.body as WireRequest)).every((c) => c.status === 200),
    ).toBe(true);
  });
});
