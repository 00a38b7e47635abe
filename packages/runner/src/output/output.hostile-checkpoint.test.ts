import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkRunStateShape } from '../checkpoint/check-run-state-shape.js';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint-codec.js';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { ResumeMismatchError } from '../checkpoint/resume-mismatch-error.js';
import { resume } from '../resume.js';
import { run } from '../run.js';
import type { RunState } from '../run-state.js';
import { startHarness } from '../test-support/harness.js';

// The run-state shape check (issue 13) knows structured output's saved part (issue 15).

const agent = { name: 'w', model: 'mimo-v2.6-pro', output: z.object({ n: z.number() }) };

const stateOf = (text: string): RunState =>
  decodeCheckpoint<RunState>(text, { runId: 'run-o', location: 'test' }).state;

/** A real checkpoint of a structured-output run, saved right after its first repair turn was decided. */
async function repairCheckpoint(): Promise<string> {
  const { server, client } = await startHarness();
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
  server.reply.text('{"n":"one"}');
  server.reply.text('{"n":1}');
  const result = await run({ client, agent, input: 'n?', runId: 'run-o', checkpoint: store });
  expect(result.finalOutput).toEqual({ n: 1 });
  const text = saves.find((save) => stateOf(save).output?.repairs === 1);
  if (text === undefined) throw new Error(`no save after the repair among ${saves.length}`);
  return text;
}

type Damage = [string, string, (output: Record<string, unknown>, state: Record<string, unknown>) => void];

const DAMAGES: Damage[] = [
  ['output: a number', 'output', (_output, state) => Object.assign(state, { output: 5 })],
  ['output: null', 'output', (_output, state) => Object.assign(state, { output: null })],
  ['output.repairs a string', 'output.repairs', (output) => Object.assign(output, { repairs: '1' })],
  ['output.repairs missing', 'output.repairs', (output) => Object.assign(output, { repairs: undefined })],
  ['output.repairs negative', 'output.repairs', (output) => Object.assign(output, { repairs: -1 })],
  ['output.repairs a fraction', 'output.repairs', (output) => Object.assign(output, { repairs: 0.5 })],
  [
    'output.checkedTurn a string',
    'output.checkedTurn',
    (output) => Object.assign(output, { checkedTurn: '1' }),
  ],
];

describe('resume() checks the saved structured output before any request', () => {
  it('an intact checkpoint after a repair resumes: one more answer turn, the object', async () => {
    const text = await repairCheckpoint();
    expect(stateOf(text).output).toMatchObject({ repairs: 1, checkedTurn: 1 });
    const store = createMemoryCheckpointStore<RunState>();
    store.setRaw('run-o', text);
    const { server, client } = await startHarness();
    server.reply.text('{"n":2}');
    const result = await resume({ client, agent, runId: 'run-o', checkpoint: store });
    expect(result.status).toBe('completed');
    expect(result.finalOutput).toEqual({ n: 2 });
    expect(server.calls).toHaveLength(1);
  });

  it.each(DAMAGES)('%s: ResumeMismatchError naming %s, no request', async (_label, path, damage) => {
    const text = await repairCheckpoint();
    const state = stateOf(text) as unknown as Record<string, unknown>;
    damage(state.output as Record<string, unknown>, state);
    // A valid checksum: the damage is in the field types, not in the bytes.
    const store = createMemoryCheckpointStore<RunState>();
    store.setRaw('run-o', encodeCheckpoint({ runId: 'run-o', state }));
    const { server, client } = await startHarness();
    server.reply.text('{"n":2}');
    const error = await resume({ client, agent, runId: 'run-o', checkpoint: store }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResumeMismatchError);
    expect((error as ResumeMismatchError).field).toBe('state');
    expect((error as ResumeMismatchError).path).toBe(path);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('Fix:');
    expect(server.calls).toHaveLength(0);
  });

  it("the status 'output_invalid' and any JSON object value are accepted", async () => {
    const state = stateOf(await repairCheckpoint()) as unknown as Record<string, unknown>;
    const accepted = {
      ...state,
      status: 'output_invalid',
      output: { repairs: 2, checkedTurn: 3, value: [1] },
    };
    expect(() => checkRunStateShape(accepted, 'run-o')).not.toThrow();
    expect(() => checkRunStateShape({ ...accepted, status: 'sleeping' }, 'run-o')).toThrow(
      ResumeMismatchError,
    );
  });
});
