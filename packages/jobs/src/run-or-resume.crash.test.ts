import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@mimo-agents/core';
import { createFileCheckpointStore, type RunState } from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runOrResume } from './run-or-resume.js';
import { inputOf, outputCallIds } from './test-support/request-input.js';
import { readLedger, type StartEntry, scriptSteps, stepAgent } from './test-support/step-agent.js';
import { startTsxChild, type TsxChild } from './test-support/tsx-child.js';

const childScript = fileURLToPath(new URL('./test-support/durable-run-child.ts', import.meta.url));

describe('a durable run killed with SIGKILL again and again', () => {
  it('finishes with the right answer, each side effect once per call id, and only valid histories sent', async () => {
    const server = await startTestServer({ strict: true });
    const directory = await mkdtemp(join(tmpdir(), 'mimo-durable-'));
    onTestFinished(async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });
    const seen = new Set<number>();
    const arrivals: (() => void)[] = [];
    const arrived = (wanted: number) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (seen.has(wanted)) resolve();
        };
        arrivals.push(check);
        check();
      });
    // Requests 0 (turn 1) and 3 (turn 3) stream slowly: those are the kills "during a stream".
    scriptSteps(server, {
      steps: 3,
      onRequest: (index) => {
        seen.add(index);
        for (const check of arrivals) check();
      },
      streamingFor: (index) => (index === 0 || index === 3 ? { deltaSize: 1, eventDelayMs: 25 } : undefined),
    });
    const ledger = join(directory, 'ledger.jsonl');
    const startLog = join(directory, 'starts.jsonl');
    const checkpointDir = join(directory, 'checkpoints');
    const env = {
      MIMO_BASE_URL: server.url,
      MIMO_API_KEY: server.apiKey,
      LEDGER: ledger,
      START_LOG: startLog,
      CHECKPOINT_DIR: checkpointDir,
      RUN_ID: 'run-durable',
      PAUSED: '1',
    };

    // Each process boots (slow) while the previous one runs; it starts on `run`.
    const kills: { killAt: string; until: (child: TsxChild) => Promise<void> }[] = [
      { killAt: '', until: async (child) => arrived(0).then(() => child.waitFor(/reasoning\.delta/)) },
      { killAt: 'tool:call_1', until: (child) => child.waitFor(/^hang$/m) },
      { killAt: 'saved:2', until: (child) => child.waitFor(/^hang$/m) },
      { killAt: 'effect:call_2', until: (child) => child.waitFor(/^hang$/m) },
      {
        killAt: '',
        until: async (child) => {
          const from = child.output().length;
          await arrived(3);
          await child.waitFor(/reasoning\.delta/, from);
        },
      },
    ];
    let next = startTsxChild(childScript, { ...env, KILL_AT: kills[0]?.killAt ?? '' });
    for (const [i, kill] of kills.entries()) {
      const child = next;
      await child.waitFor(/^ready$/m);
      child.send('run');
      const following = kills[i + 1];
      if (following !== undefined) next = startTsxChild(childScript, { ...env, KILL_AT: following.killAt });
      await kill.until(child);
      await child.kill();
    }

    // The last resume runs here, in the test process.
    const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
    onTestFinished(() => client.close());
    const result = await runOrResume({
      client,
      agent: stepAgent({ ledger, startLog }),
      runId: 'run-durable',
      input: 'unused: the checkpoint holds the input',
      checkpoint: createFileCheckpointStore<RunState>({ directory: checkpointDir }),
    });

    expect(result.status).toBe('completed');
    expect(result.finalOutput).toBe('finished after 3 steps');
    expect(result.turns.map((turn) => turn.turn)).toEqual([1, 2, 3, 4]);
    // One side effect per call id, although call_1 was interrupted before and call_2 after its effect.
    expect(readLedger(ledger).map((entry) => entry.key)).toEqual([
      'run-durable:call_1',
      'run-durable:call_2',
      'run-durable:call_3',
    ]);
    // ctx.attempt counts the starts saved before a crash, with the same idempotency key each time:
    // call_1 started (attempt 1, killed before its effect), was saved as starting again (attempt 2,
    // killed right after that save, before the tool ran) and did its effect as attempt 3; call_2 did
    // its effect as attempt 1 and was repeated as attempt 2 (deduplicated by the tool); call_3 ran once.
    expect(readLedger(ledger).map((entry) => [entry.callId, entry.attempt])).toEqual([
      ['call_1', 3],
      ['call_2', 1],
      ['call_3', 1],
    ]);
    expect(readLedger<StartEntry>(startLog).map((start) => [start.key, start.attempt])).toEqual([
      ['run-durable:call_1', 1],
      ['run-durable:call_1', 3],
      ['run-durable:call_2', 1],
      ['run-durable:call_2', 2],
      ['run-durable:call_3', 1],
    ]);
    // Six requests: turn 1 twice and turn 3 twice (killed mid-stream, resent from the checkpoint).
    const inputs = server.calls.map((_call, index) => JSON.stringify(inputOf(server, index)));
    expect(server.calls).toHaveLength(6);
    expect(server.calls.filter((call) => call.status !== 200)).toEqual([]);
    expect(server.calls[0]?.clientAborted).toBe(true);
    expect(server.calls[3]?.clientAborted).toBe(true);
    expect(inputs[1]).toBe(inputs[0]);
    expect(inputs[4]).toBe(inputs[3]);
    expect(new Set(inputs).size).toBe(4);
    expect(outputCallIds(server, 5)).toEqual(['call_1', 'call_2', 'call_3']);
    // A dozen real child processes killed and restarted: slow on a loaded 2-core machine.
  }, 120_000);
});
