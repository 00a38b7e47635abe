import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@mimo-agents/core';
import { createRedisCheckpointStore } from '@mimo-agents/jobs';
import {
  createFileCheckpointStore,
  createRunState,
  encodeCheckpoint,
  type RunState,
  type TurnRecord,
} from '@mimo-agents/runner';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startRedis } from '../../jobs/src/test-support/start-redis.js';
import { type TimelineRun, timelineBars, timelineLayout } from './render/timeline-layout.js';
import { renderUsageChart } from './render/usage-chart-svg.js';
import { checkInspectorOptions } from './server/inspector-options.js';
import { startInspector } from './server/start-inspector.js';
import { createFileRunSource } from './source/file-run-source.js';
import { createRedisRunSource } from './source/redis-run-source.js';

const state = (runId: string, agent = 'a', status: RunState['status'] = 'completed'): RunState => ({
  ...createRunState({
    runId,
    agent: { name: agent, model: 'mimo-v2.6-pro' },
    input: [{ role: 'user', content: `secret plan of ${runId}` }],
  }),
  status,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inspector-unit-'));
  const store = createFileCheckpointStore({ directory: dir });
  for (let i = 0; i < 120; i++)
    await store.save(
      `run-${String(i).padStart(3, '0')}`,
      state(`run-${String(i).padStart(3, '0')}`, i % 2 ? 'odd' : 'even'),
    );
  // A checkpoint whose checksum is right but whose state is not a run state.
  await writeFile(
    join(dir, 'run-odd-shape.json'),
    encodeCheckpoint({ runId: 'run-odd-shape', state: { turns: 'x', usage: {}, history: 7 } }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const start = async (options: Partial<Parameters<typeof startInspector>[0]> = {}) => {
  const inspector = await startInspector({
    source: createFileRunSource({ directory: dir }),
    port: 0,
    ...options,
  });
  onTestFinished(() => inspector.close());
  return inspector;
};

describe('inspector options', () => {
  it('refuses a non-loopback host without a long token', () => {
    const source = createFileRunSource({ directory: dir });
    expect(() => checkInspectorOptions({ source, host: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => checkInspectorOptions({ source, host: '0.0.0.0', token: 'short' })).toThrow(
      /Fix: pass --token/,
    );
    expect(() =>
      checkInspectorOptions({ source, host: '0.0.0.0', token: 'a-long-enough-token-123' }),
    ).not.toThrow();
    expect(() => checkInspectorOptions({ source, pageSize: 10_000 })).toThrow(/pageSize/);
  });

  it('listens on 127.0.0.1 by default', async () => {
    const inspector = await start();
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('asks for the token on every request when one is set', async () => {
    const inspector = await start({ token: 'a-long-enough-token-123' });
    const bare = inspector.url.replace(/\?.*$/, '');
    expect((await fetch(bare)).status).toBe(403);
    expect((await fetch(inspector.url)).status).toBe(200);
    expect((await fetch(bare, { headers: { authorization: 'Bearer a-long-enough-token-123' } })).status).toBe(
      200,
    );
    expect((await fetch(`${bare}events`)).status).toBe(403);
  });
});

/** A GET with a chosen Host header (fetch does not let a page, or a test, set Host). */
const getWithHost = (url: string, host: string, method = 'GET') =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('usage chart', () => {
  const turn = (n: number, total?: number) =>
    ({
      turn: n,
      usage: { requests: 1, inputTokens: 100 * n, cachedTokens: 0, outputTokens: 10, reasoningTokens: 0 },
      ...(total === undefined ? {} : { cost: { input: total, cachedInput: 0, output: 0, total } }),
    }) as unknown as TurnRecord;
  const marks = (svg: string) =>
    [...svg.matchAll(/<circle class="cost-mark" data-cost="([^"]+)" cx="[^"]+" cy="([^"]+)"/g)].map((m) => ({
      cost: Number(m[1]),
      y: Number(m[2]),
    }));

  it('draws a cost mark per priced turn on its own scale, joined by a line', () => {
    const svg = renderUsageChart([turn(1, 0.0001), turn(2, 0.0004), turn(3, 0.0002)]);
    const shown = marks(svg);
    expect(shown.map((m) => m.cost)).toEqual([0.0001, 0.0004, 0.0002]);
    // The dearest turn is at the top; the others in proportion below it.
    const [a, b, c] = shown.map((m) => m.y);
    expect(b).toBeLessThan(c ?? 0);
    expect(c).toBeLessThan(a ?? 0);
    expect(svg).toMatch(/<polyline class="cost-line" points="(\S+,\S+ ){2}\S+,\S+"/);
    expect(svg).toContain('aria-label="tokens and cost per turn"');
    expect(svg).toContain('cost, top $0.00040');
  });

  it('shows tokens only for a run without prices', () => {
    const svg = renderUsageChart([turn(1), turn(2)]);
    expect(marks(svg)).toEqual([]);
    expect(svg).not.toContain('cost-line');
    expect(svg).toContain('aria-label="tokens per turn"');
    expect(svg.match(/<g class="turn-usage">/g)).toHaveLength(2);
  });
});

describe('DNS rebinding: the Host header without a token', () => {
  it('refuses a foreign Host, answers the loopback names with the port', async () => {
    const inspector = await start();
    const port = new URL(inspector.url).port;
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1:${Number(port) + 1}`,
      '127.0.0.1',
    ]) {
      const refused = await getWithHost(inspector.url, host);
      expect(refused.status, host).toBe(403);
      expect(refused.body).toMatch(/loopback Host/);
      expect(refused.body).not.toContain('data-run=');
    }
    expect((await getWithHost(`${inspector.url}runs/run-001`, `rebind.example:${port}`)).status).toBe(403);
    expect((await getWithHost(`${inspector.url}events`, `rebind.example:${port}`)).status).toBe(403);
    expect(
      (await getWithHost(`${inspector.url}runs/run-001/approvals`, `x.example:${port}`, 'POST')).status,
    ).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const page = await getWithHost(inspector.url, host);
      expect(page.status, host).toBe(200);
      expect(page.body).toContain('data-run="run-');
    }
  });

  it('compares the token whatever its length, and a token lets any Host in', async () => {
    const inspector = await start({ token: 'a-long-enough-token-123' });
    const bare = inspector.url.replace(/\?.*$/, '');
    for (const wrong of [
      'a',
      'a-long-enough-token-12',
      'a-long-enough-token-1234',
      'b-long-enough-token-123',
    ])
      expect((await fetch(`${bare}?token=${wrong}`)).status, wrong).toBe(403);
    expect((await getWithHost(inspector.url, 'inspector.internal:80')).status).toBe(200);
  });
});

describe('runs list and run page over HTTP', () => {
  it('pages and filters the list', async () => {
    const inspector = await start({ pageSize: 50 });
    const rows = async (query: string) =>
      ((await (await fetch(`${inspector.url}?${query}&fragment=rows`)).text()).match(/<tr /g) ?? []).length;
    expect(await rows('page=1')).toBe(50);
    expect(await rows('page=3')).toBe(21);
    expect(await rows('agent=odd')).toBe(50);
    expect(await rows('agent=odd&page=2')).toBe(10);
    expect(await rows('status=damaged')).toBe(1);
  });

  it('hides texts and history when content display is off', async () => {
    const on = await start();
    expect(await (await fetch(`${on.url}runs/run-001`)).text()).toContain('secret plan of run-001');
    const off = await start({ showContent: false });
    const page = await (await fetch(`${off.url}runs/run-001`)).text();
    expect(page).not.toContain('secret plan');
    expect(page).toContain('Content display is off');
  });

  it('shows a checkpoint of an unexpected shape as an error, and keeps serving', async () => {
    const inspector = await start();
    const response = await fetch(`${inspector.url}runs/run-odd-shape`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('resume_mismatch');
    expect(page).toContain('its run state has agent = missing, expected an object');
    expect((await fetch(`${inspector.url}runs/run-000`)).status).toBe(200);
    expect((await fetch(`${inspector.url}runs/nope`)).status).toBe(404);
  });

  it('never puts markup planted in a number field on a page: such a checkpoint is shown as damaged', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'inspector-planted-'));
    onTestFinished(() => rm(folder, { recursive: true, force: true }));
    const markup = '<img src=x onerror=alert(1)>';
    const planted = (runId: string, change: (s: Record<string, unknown>) => void): Promise<void> => {
      const s = JSON.parse(JSON.stringify(state(runId))) as Record<string, unknown>;
      change(s);
      // The checksum is right: anyone who can write the store can compute it.
      return writeFile(join(folder, `${runId}.json`), encodeCheckpoint({ runId, state: s }));
    };
    const turn = (fields: Record<string, unknown>) => ({
      turn: 1,
      responseId: 'resp_1',
      status: 'completed',
      text: 'hi',
      toolCalls: [],
      usage: {
        requests: 1,
        inputTokens: 1,
        cachedTokens: 0,
        outputTokens: 1,
        reasoningTokens: 0,
        totalTokens: 2,
      },
      durationMs: 5,
      retries: 0,
      ...fields,
    });
    await planted('planted-usage', (s) => {
      (s.usage as Record<string, unknown>).requests = markup;
    });
    await planted('planted-turn', (s) => {
      s.turns = [turn({ durationMs: markup })];
    });
    await planted('planted-cost', (s) => {
      s.turns = [turn({ cost: { input: 0, cachedInput: 0, output: 0, total: markup } })];
    });
    const inspector = await startInspector({ source: createFileRunSource({ directory: folder }), port: 0 });
    onTestFinished(() => inspector.close());
    const list = await (await fetch(inspector.url)).text();
    expect(list).not.toContain('<img');
    for (const [runId, path] of [
      ['planted-usage', 'usage.requests'],
      ['planted-turn', 'turns[0].durationMs'],
      ['planted-cost', 'turns[0].cost.total'],
    ] as const) {
      expect(list).toMatch(new RegExp(`<tr data-run="${runId}"[^]*?s-damaged`));
      const page = await (await fetch(`${inspector.url}runs/${runId}`)).text();
      expect(page, runId).not.toContain('<img');
      expect(page, runId).toContain(`its run state has ${path} = a string, expected a number &gt;= 0`);
    }
  });

  it('shows the recorded start, and marks the estimate of a checkpoint saved without one', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'inspector-started-'));
    onTestFinished(() => rm(folder, { recursive: true, force: true }));
    const store = createFileCheckpointStore({ directory: folder });
    const recorded = { ...state('run-new'), startedAt: '2026-01-02T03:04:05.000Z' };
    const { startedAt: _dropped, ...old } = state('run-old');
    await store.save('run-new', recorded);
    await store.save('run-old', old as RunState);
    const inspector = await start({ source: createFileRunSource({ directory: folder }) });
    const rows = await (await fetch(`${inspector.url}?fragment=rows`)).text();
    const cell = (runId: string) =>
      new RegExp(`data-run="${runId}"[\\s\\S]*?<td class="started">(.*?)</td>`).exec(rows)?.[1];
    expect(cell('run-new')).toContain('2026-01-02 03:04:05');
    expect(cell('run-new')).not.toContain('estimated');
    expect(cell('run-old')).toContain('class="estimated"');
    expect(cell('run-old')).toContain('≈');
  });

  it('refuses live connections past the bound', async () => {
    const inspector = await start({ maxLiveClients: 1 });
    const first = new AbortController();
    const open = await fetch(`${inspector.url}events`, { signal: first.signal });
    expect(open.status).toBe(200);
    expect((await fetch(`${inspector.url}events`)).status).toBe(503);
    first.abort();
  });
});

describe('timeline layout', () => {
  it('puts parallel calls side by side after their turn, and the next turn after the longest call', () => {
    const usage = {
      requests: 1,
      inputTokens: 1,
      cachedTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
      totalTokens: 2,
    };
    const bars = timelineBars([
      {
        turn: 1,
        responseId: 'r1',
        status: 'completed',
        text: '',
        usage,
        durationMs: 100,
        retries: 1,
        toolCalls: [
          { callId: 'a', name: 'a', arguments: '{}', outcome: 'ok', durationMs: 30 },
          { callId: 'b', name: 'b', arguments: '{}', outcome: 'error', durationMs: 50 },
        ],
      },
      {
        turn: 2,
        responseId: 'r2',
        status: 'completed',
        text: 'ok',
        usage,
        durationMs: 10,
        retries: 0,
        toolCalls: [],
      },
    ]);
    expect(bars.map((b) => [b.lane, b.startMs, b.kind])).toEqual([
      [0, 0, 'retried-turn'],
      [1, 100, 'tool-ok'],
      [2, 100, 'tool-error'],
      [0, 150, 'turn'],
    ]);
  });
});

describe('nested timeline layout', () => {
  it("puts a sub-run's lanes under its call's lane, starting with the call, and marks handoffs", () => {
    const usage = {
      requests: 1,
      inputTokens: 1,
      cachedTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
      totalTokens: 2,
    };
    const turn = (n: number, durationMs: number, toolCalls: TurnRecord['toolCalls'] = []): TurnRecord => ({
      turn: n,
      responseId: `r${n}`,
      status: 'completed',
      text: '',
      usage,
      durationMs,
      retries: 0,
      toolCalls,
    });
    const sub: TimelineRun = {
      runId: 'p/c1',
      agent: 'helper',
      turns: [
        turn(1, 10, [{ callId: 's', arguments: '{}', name: 'search', outcome: 'ok', durationMs: 5 }]),
        turn(2, 10),
      ],
    };
    const layout = timelineLayout({
      runId: 'p',
      agent: 'triage',
      turns: [
        turn(1, 100, [
          { callId: 'c1', arguments: '{}', name: 'ask', outcome: 'ok', durationMs: 40 },
          { callId: 'c2', arguments: '{}', name: 'other', outcome: 'ok', durationMs: 20 },
        ]),
        turn(2, 10, [
          { callId: 'h', arguments: '{}', name: 'transfer_to_billing', outcome: 'ok', durationMs: 1 },
        ]),
        turn(3, 10),
      ],
      handoffs: [{ turn: 2, callId: 'h', from: 'triage', to: 'billing' }],
      subRuns: new Map([['c1', sub]]),
    });
    expect(layout.lanes.map((lane) => [lane.label, lane.depth, lane.runId])).toEqual([
      ['model', 0, undefined],
      ['call 1', 0, undefined],
      ['↳ helper', 1, 'p/c1'],
      ['call 1', 1, undefined],
      ['call 2', 0, undefined],
    ]);
    const at = (label: string) =>
      layout.bars.filter((b) => b.label.startsWith(label)).map((b) => [b.lane, b.startMs]);
    expect(at('ask')).toEqual([[1, 100]]);
    // The sub-run starts with its call (+100) and runs on its own durations.
    expect(layout.bars.filter((b) => b.runId === 'p/c1').map((b) => [b.lane, b.startMs, b.label])).toEqual([
      [2, 100, 'turn 1'],
      [3, 110, 'search'],
      [2, 115, 'turn 2'],
    ]);
    expect(at('turn 3')).toEqual([[0, 151]]);
    expect(layout.bars.find((b) => b.kind === 'handoff')).toMatchObject({
      lane: 0,
      startMs: 151,
      label: '→ billing',
    });
    expect(layout.bars.filter((b) => b.depth === 0 && b.kind === 'turn').map((b) => b.label)).toEqual([
      'turn 1 · triage',
      'turn 2 · triage',
      'turn 3 · billing',
    ]);
  });
});

describe('Redis run source', () => {
  it('indexes the jobs store, re-reads only changed checkpoints and reports a damaged value', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const store = createRedisCheckpointStore({ connection: redis.url });
    onTestFinished(() => store.close());
    await store.save('r1', state('r1'));
    await store.save('r2', state('r2', 'a', 'running'));
    // Every refresh a full scan (the change log is tested in inspector.redis-change-log.test.ts).
    const source = createRedisRunSource({ url: redis.url, changeLog: false });
    onTestFinished(() => source.close());
    expect((await source.refresh()).sort()).toEqual(['r1', 'r2']);
    expect(await source.refresh()).toEqual([]);
    await store.save('r2', state('r2', 'a', 'completed'));
    await store.redis.set(store.keyFor('r3'), 'not json');
    expect((await source.refresh()).sort()).toEqual(['r2', 'r3']);
    const byId = Object.fromEntries(source.summaries().map((s) => [s.runId, s]));
    expect(byId.r2?.status).toBe('completed');
    expect(byId.r3?.status).toBe('damaged');
    expect(byId.r3?.error?.code).toBe('checkpoint_corrupt');
    const detail = await source.detail('r1');
    expect(detail?.ok && detail.state.runId).toBe('r1');
  });
});
