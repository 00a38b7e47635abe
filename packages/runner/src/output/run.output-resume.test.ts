import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CheckpointStore } from '../checkpoint/checkpoint-store.js';
import { createMemoryCheckpointStore } from '../checkpoint/memory-checkpoint-store.js';
import { resume } from '../resume.js';
import { run } from '../run.js';
import type { RunState } from '../run-state.js';
import { startHarness } from '../test-support/harness.js';
import { StructuredOutputError } from './structured-output-error.js';

const agent = { name: 'w', model: 'mimo-v2.6-pro', output: z.object({ n: z.number() }) };

describe('checkpoints keep the repair count', () => {
  it('a run that dies after its first repair is saved resumes with that count, not a fresh budget', async () => {
    const { server, client } = await startHarness();
    const memory = createMemoryCheckpointStore<RunState>();
    let failed = false;
    // The save that records the first repair succeeds, then the process "dies" (the save throws).
    const checkpoint: CheckpointStore<RunState> = {
      load: (id) => memory.load(id),
      delete: (id) => memory.delete(id),
      async save(id, state) {
        await memory.save(id, state);
        if (!failed && state.output?.repairs === 1) {
          failed = true;
          throw new Error('simulated crash after the repair was saved');
        }
      },
    };
    server.reply.text('{"n":"one"}');
    const crashed = await run({
      client,
      agent,
      input: 'n?',
      runId: 'r1',
      checkpoint,
      maxOutputRepairs: 1,
    }).catch((e: unknown) => e);
    expect(crashed).toMatchObject({
      code: 'checkpoint_store_failed',
      cause: { message: 'simulated crash after the repair was saved' },
    });
    expect((await memory.load('r1'))?.output).toMatchObject({ repairs: 1, checkedTurn: 1 });

    server.reply.text('{"n":"still not a number"}');
    server.reply.text('{"n":3}');
    const error = await resume({ client, agent, runId: 'r1', checkpoint, maxOutputRepairs: 1 }).catch(
      (e: unknown) => e,
    );
    // One repair was left before the crash and it is spent now: the valid third reply is never asked for.
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).repairs).toBe(1);
    expect(server.calls).toHaveLength(2);
    expect(server.reply.pending).toBe(1);
    const resent =
      (server.calls[1]?.body as { input: { role?: string; content?: unknown }[] } | undefined)?.input ?? [];
    expect(resent.at(-1)).toMatchObject({ role: 'user' });
    expect(String(resent.at(-1)?.content)).toContain('n: ');
  });
});
