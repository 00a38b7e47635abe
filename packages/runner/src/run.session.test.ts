import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputItem } from '@mimo-agents/core';
import type { ReplySpec } from '@mimo-agents/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Agent } from './agent.js';
import { run } from './run.js';
import { createFileSessionStore } from './session/file-session-store.js';
import { createMemorySessionStore } from './session/memory-session-store.js';
import { SessionConflictError } from './session/session-conflict-error.js';
import type { SessionStore } from './session/session-store.js';
import { startHarness } from './test-support/harness.js';

const agent: Agent = { name: 'chat', model: 'mimo-v2.6-pro', instructions: 'Be brief.' };

async function fileStore(): Promise<SessionStore> {
  const directory = await mkdtemp(join(tmpdir(), 'mimo-sessions-'));
  onTestFinished(() => rm(directory, { recursive: true, force: true }));
  return createFileSessionStore({ directory });
}

const stores: [string, () => Promise<SessionStore>][] = [
  ['memory', async () => createMemorySessionStore()],
  ['file', fileStore],
];

const texts = (items: readonly InputItem[]): string[] =>
  items.map((item) =>
    'role' in item
      ? `${item.role}: ${typeof item.content === 'string' ? item.content : item.content.map((p) => ('text' in p ? p.text : '')).join('')}`
      : item.type,
  );

describe.each(stores)('sessions in the %s store', (_name, makeStore) => {
  it('a 3-exchange chat loads the history before each run, saves it after, and sends the session as prompt_cache_key', async () => {
    const { server, client } = await startHarness();
    const store = await makeStore();
    const session = { store, id: 'user-42' };
    server.reply.text('Hello Ana.').text('Your name is Ana.').text('You asked my name question.');
    const first = await run({ client, agent, input: 'Hi, I am Ana.', session });
    const second = await run({ client, agent, input: 'What is my name?', session });
    const third = await run({ client, agent, input: 'What did I ask?', session });
    expect([first.finalOutput, second.finalOutput, third.finalOutput]).toEqual([
      'Hello Ana.',
      'Your name is Ana.',
      'You asked my name question.',
    ]);
    const thirdInput = (server.calls[2]?.body as { input?: InputItem[] } | undefined)?.input ?? [];
    expect(texts(thirdInput)).toEqual([
      'user: Hi, I am Ana.',
      'assistant: Hello Ana.',
      'user: What is my name?',
      'assistant: Your name is Ana.',
      'user: What did I ask?',
    ]);
    expect(server.calls.map((call) => (call.body as { prompt_cache_key?: string }).prompt_cache_key)).toEqual(
      ['user-42', 'user-42', 'user-42'],
    );
    const saved = await store.load('user-42');
    expect(saved?.version).toBe(3);
    expect(saved?.history).toEqual(third.history);
    expect(third.newItems).toHaveLength(1);
  });

  it('two runs on one session at once: one saves, the other gets SessionConflictError with its history; nothing is lost', async () => {
    const { server, client } = await startHarness();
    const store = await makeStore();
    const session = { store, id: 'shared' };
    server.reply.text('First answer.');
    await run({ client, agent, input: 'Start.', session });
    // Both requests are held until both arrived: both runs loaded version 1 before either saves.
    let release: () => void = () => {};
    const bothArrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived = 0;
    const held = async (text: string): Promise<ReplySpec> => {
      arrived += 1;
      if (arrived === 2) release();
      await bothArrived;
      return { type: 'output', items: [{ type: 'message', text }] };
    };
    server.reply.with(() => held('Answer A.')).with(() => held('Answer B.'));
    const outcomes = await Promise.allSettled([
      run({ client, agent, input: 'Question A.', session }),
      run({ client, agent, input: 'Question B.', session }),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const conflict = lost[0];
    expect(conflict).toBeInstanceOf(SessionConflictError);
    if (!(conflict instanceof SessionConflictError)) return;
    expect(conflict.code).toBe('session_conflict');
    expect(conflict.expectedVersion).toBe(1);
    expect(conflict.actualVersion).toBe(2);
    expect(conflict.message).toContain('Fix:');
    const saved = await store.load('shared');
    expect(saved?.version).toBe(2);
    const winnerQuestion = texts(saved?.history ?? [])[2];
    const loserItems = texts(conflict.history).slice(2);
    expect(loserItems).toHaveLength(2);
    expect(loserItems[0]).not.toBe(winnerQuestion);
    // Nothing lost: the loser's question is resent on top of the winner's history.
    server.reply.text('Answer again.');
    const lostQuestion = loserItems[0]?.replace('user: ', '') ?? '';
    await run({ client, agent, input: lostQuestion, session });
    const after = await store.load('shared');
    expect(after?.version).toBe(3);
    expect(texts(after?.history ?? []).filter((t) => t.startsWith('user: '))).toEqual([
      'user: Start.',
      winnerQuestion,
      `user: ${lostQuestion}`,
    ]);
  });
});

describe('file session store', () => {
  it('keeps only the newest version on disk and refuses a stale expected version', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mimo-sessions-'));
    onTestFinished(() => rm(directory, { recursive: true, force: true }));
    const store = createFileSessionStore({ directory });
    const history: InputItem[] = [{ role: 'user', content: 'hi' }];
    expect(await store.save('a/b', history, 0)).toBe(1);
    expect(await store.save('a/b', history, 1)).toBe(2);
    await expect(store.save('a/b', history, 1)).rejects.toBeInstanceOf(SessionConflictError);
    expect((await readdir(directory)).sort()).toEqual(['a%2Fb.v2.json']);
    await store.delete('a/b');
    expect(await store.load('a/b')).toBeUndefined();
    await expect(store.save('a/b', history, 2)).rejects.toMatchObject({ actualVersion: undefined });
    expect(await readdir(directory)).toEqual([]);
  });
});
