import { isMimoError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint/checkpoint-codec.js';
import type { CheckpointStore } from './checkpoint/checkpoint-store.js';
import { createMemoryCheckpointStore } from './checkpoint/memory-checkpoint-store.js';
import { ResumeMismatchError } from './checkpoint/resume-mismatch-error.js';
import { resume } from './resume.js';
import { run } from './run.js';
import type { RunState } from './run-state.js';
import { countingTools } from './test-support/counting-tools.js';
import { startHarness } from './test-support/harness.js';

// Issue 13 items 2 (checkpoint half) and 4 (a large argument stored once).

/** A memory store that also keeps the raw text of every save, in order. */
function recordingStore() {
  const inner = createMemoryCheckpointStore<RunState>();
  const saves: string[] = [];
  const store: CheckpointStore<RunState> = {
    async save(runId, state) {
      await inner.save(runId, state);
      saves.push(inner.raw(runId) ?? '');
    },
    load: (runId) => inner.load(runId),
    delete: (runId) => inner.delete(runId),
  };
  return { store, saves };
}

const stateOf = (text: string, runId: string): RunState =>
  decodeCheckpoint<RunState>(text, { runId, location: 'test' }).state;

/** A real checkpoint taken right after a tool-calling turn was recorded (calls pending). */
async function pendingCheckpoint(argument: string): Promise<{ text: string; agent: Agent }> {
  const { server, client } = await startHarness();
  const { tools } = countingTools();
  const agent: Agent = { name: 'w', model: 'mimo-v2.6-pro', tools };
  const { store, saves } = recordingStore();
  // Large deltas: the test server builds its events in one spread, too many small ones overflow its stack.
  server.reply.functionCalls([{ name: 'get_weather', arguments: { city: argument }, callId: 'call_w' }], {
    streaming: { deltaSize: 64 * 1024 },
  });
  server.reply.text('Done.');
  await run({ client, agent, input: 'Weather?', runId: 'run-h', checkpoint: store });
  // saves: start, turn, tool.started, tool.completed, tools.committed, end
  const text = saves[1];
  if (text === undefined || stateOf(text, 'run-h').pending === undefined)
    throw new Error(
      `no pending save: ${saves.length} saves, ${JSON.stringify(stateOf(saves.at(-1) ?? '', 'run-h')).slice(0, 600)}`,
    );
  return { text, agent };
}

type Damage = [string, string, (state: Record<string, unknown>) => void];

const DAMAGES: Damage[] = [
  ['pending.calls not an array', 'pending.calls', (s) => Object.assign(s.pending as object, { calls: {} })],
  ['turns: [null]', 'turns[0]', (s) => Object.assign(s, { turns: [null] })],
  ['usage: null', 'usage', (s) => Object.assign(s, { usage: null })],
  ['history: [null]', 'history[0]', (s) => Object.assign(s, { history: [null] })],
  [
    'a call id that is a number',
    'pending.calls[0].callId',
    (s) => {
      const calls = (s.pending as { calls: Record<string, unknown>[] }).calls;
      Object.assign(calls[0] as object, { callId: 5 });
    },
  ],
  [
    'usage.outputTokens a string',
    'usage.outputTokens',
    (s) => Object.assign(s.usage as object, { outputTokens: '3' }),
  ],
  ['an unknown status', 'status', (s) => Object.assign(s, { status: 'sleeping' })],
  ['inputLength past the history', 'inputLength', (s) => Object.assign(s, { inputLength: 99 })],
];

describe('resume() checks the run state before any request (item 2)', () => {
  it.each(DAMAGES)(
    '%s: ResumeMismatchError naming %s, no request, no tool run',
    async (_label, path, damage) => {
      const { text, agent } = await pendingCheckpoint('Paris');
      const state = stateOf(text, 'run-h') as unknown as Record<string, unknown>;
      damage(state);
      // A valid checksum: the damage is in the field types, not in the bytes.
      const store = createMemoryCheckpointStore<RunState>();
      store.setRaw('run-h', encodeCheckpoint({ runId: 'run-h', state }));
      const { server, client } = await startHarness();
      const { tools, executions } = countingTools();
      server.reply.text('Should not be asked.');
      const error = await resume({
        client,
        agent: { ...agent, tools },
        runId: 'run-h',
        checkpoint: store,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResumeMismatchError);
      expect((error as ResumeMismatchError).field).toBe('state');
      expect((error as ResumeMismatchError).path).toBe(path);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain('Fix:');
      expect(isMimoError(error)).toBe(true);
      expect(server.calls).toHaveLength(0);
      expect(executions.size).toBe(0);
    },
  );
});

describe('a large tool argument is stored once per checkpoint (item 4)', () => {
  it('the 1 MB argument appears once in every save, and resume restores it to the tool', async () => {
    const big = `city-${'a'.repeat(1024 * 1024)}`;
    const { text, agent } = await pendingCheckpoint(big);
    // The argument is in the history's function_call only, not again in turns[].toolCalls and pending.calls.
    expect(text.split(big).length - 1).toBe(1);
    expect(text.length).toBeLessThan(1.5 * 1024 * 1024);
    const saved = stateOf(text, 'run-h');
    expect(saved.pending?.calls[0]?.arguments).toBeUndefined();

    const store = createMemoryCheckpointStore<RunState>();
    store.setRaw('run-h', text);
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    const seen: string[] = [];
    server.reply.with((request) => {
      const input: unknown[] = Array.isArray(request.input) ? request.input : [];
      seen.push(
        ...input.map((item) => JSON.stringify(item)).filter((item) => item.includes('function_call_output')),
      );
      return { type: 'output', items: [{ type: 'message', text: 'Done.' }] };
    });
    const result = await resume({ client, agent: { ...agent, tools }, runId: 'run-h', checkpoint: store });
    expect(result.status).toBe('completed');
    expect(executions.get('call_w')).toBe(1);
    expect(result.turns[0]?.toolCalls[0]?.arguments).toContain(big);
    expect(seen.some((item) => item.includes(`city-aaaa`))).toBe(true);
  });

  it('a checkpoint saved before the change (arguments everywhere) still resumes', async () => {
    const { text, agent } = await pendingCheckpoint('Paris');
    const state = stateOf(text, 'run-h');
    // Put the arguments back everywhere, as version-1 checkpoints of earlier releases have them.
    const args = JSON.stringify({ city: 'Paris' });
    for (const call of [...state.turns.flatMap((turn) => turn.toolCalls), ...(state.pending?.calls ?? [])])
      call.arguments = args;
    const store = createMemoryCheckpointStore<RunState>();
    store.setRaw('run-h', encodeCheckpoint({ runId: 'run-h', state }));
    const { server, client } = await startHarness();
    const { tools, executions } = countingTools();
    server.reply.text('Done.');
    const result = await resume({ client, agent: { ...agent, tools }, runId: 'run-h', checkpoint: store });
    expect(result.status).toBe('completed');
    expect(executions.get('call_w')).toBe(1);
    expect(result.turns[0]?.toolCalls[0]?.arguments).toBe(args);
  });
});
