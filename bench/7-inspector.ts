import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileRunSource, startInspector } from '@mimo-agents/inspector';
import { createFileCheckpointStore, createRunState, type RunState } from '@mimo-agents/runner';
import { openBrowser } from '../packages/inspector/src/test-support/open-browser.js';
import { inspectorRedisRows } from './lib/inspector-redis-rows.js';
import { bytes, num, type Table } from './lib/table.js';

const RUNS = 10_000;
const SAMPLES = 20;
const STATUSES: RunState['status'][] = ['completed', 'running', 'failed', 'aborted', 'incomplete'];

/** A run of 3 turns (2 tool calls), one of five statuses, as bench 7 stores it. */
export function sampleState(i: number): RunState {
  const runId = `run-${String(i).padStart(5, '0')}`;
  const state = createRunState({
    runId,
    agent: { name: `agent-${i % 7}`, model: 'mimo-v2.6-pro' },
    input: [{ role: 'user', content: `Task ${i}: ${'context '.repeat(40)}` }],
  });
  const usage = {
    requests: 1,
    inputTokens: 900,
    cachedTokens: 300,
    outputTokens: 120,
    reasoningTokens: 40,
    totalTokens: 1020,
  };
  for (let turn = 1; turn <= 3; turn++) {
    state.turns.push({
      turn,
      responseId: `resp_${turn}`,
      status: 'completed',
      text: turn === 3 ? 'Done.' : '',
      usage,
      durationMs: 800,
      retries: 0,
      toolCalls:
        turn === 3
          ? []
          : [
              {
                callId: `c${turn}`,
                name: 'lookup',
                arguments: '{"q":"x"}',
                outcome: 'ok',
                output: 'y'.repeat(200),
                durationMs: 50,
              },
            ],
    });
  }
  state.status = STATUSES[i % STATUSES.length] ?? 'completed';
  return state;
}

/** The median wall time of `SAMPLES` calls, in ms. */
export async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** The inspector over a file store of 10,000 runs: indexing, refreshes and page responses. */
export async function benchInspector(): Promise<Table> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-inspector-'));
  try {
    const store = createFileCheckpointStore({ directory: dir });
    for (let i = 0; i < RUNS; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, RUNS - i) }, (_, k) =>
          store.save(`run-${String(i + k).padStart(5, '0')}`, sampleState(i + k)),
        ),
      );
    }
    const source = createFileRunSource({ directory: dir });
    let start = performance.now();
    const inspector = await startInspector({ source, port: 0, pollIntervalMs: 3_600_000 });
    const coldMs = performance.now() - start;
    const idleMs = await median(() => inspector.refresh());
    await store.save('run-00042', { ...sampleState(42), status: 'completed' });
    start = performance.now();
    const changed = await inspector.refresh();
    const oneChangeMs = performance.now() - start;
    const get = async (path: string) => (await fetch(`${inspector.url}${path}`)).text();
    const firstPage = await get('');
    const rows: string[][] = [
      ['start (read and index 10,000 checkpoints)', num(coldMs), '—'],
      ['refresh, nothing changed (folder watched)', num(await median(() => inspector.refresh()), 1), '—'],
      [`refresh, 1 checkpoint changed (${changed.length} re-read)`, num(oneChangeMs, 1), '—'],
      ['GET / (page 1 of 200)', num(await median(() => get('')), 1), bytes(firstPage.length)],
      [
        'GET /?page=150',
        num(await median(() => get('?page=150')), 1),
        bytes((await get('?page=150')).length),
      ],
      [
        'GET /?status=failed&agent=agent-3',
        num(await median(() => get('?status=failed&agent=agent-3')), 1),
        '—',
      ],
      [
        'GET /runs/run-05000',
        num(await median(() => get('runs/run-05000')), 1),
        bytes((await get('runs/run-05000')).length),
      ],
    ];
    const rescan = createFileRunSource({ directory: dir, watch: false });
    await rescan.refresh();
    rows.splice(2, 0, [
      'refresh without watching (readdir + 10,000 stat)',
      num(await median(() => rescan.refresh()), 1),
      '—',
    ]);
    await rescan.close();
    void idleMs;
    rows.push(...(await browserRows(inspector.url)));
    await inspector.close();
    rows.push(...(await inspectorRedisRows(RUNS, sampleState, median)));
    return {
      title: `7. Inspector over a file store (and a Redis store) of ${num(RUNS)} runs (median of ${SAMPLES}, ms)`,
      columns: ['operation', 'ms', 'page size'],
      rows,
      notes: [
        'Pages are served from the in-memory index; a refresh decodes only files whose size or mtime changed.',
        `Browser rows: Debian's Chromium (headless, playwright-core), a fresh page per load, Navigation Timing from navigation start; median of ${BROWSER_SAMPLES}.`,
        'Redis rows: a throwaway local redis-server seeded through createRedisCheckpointStore (with its change log); the inspector polls the log every 1 s, lists the keys every 60 s and reads every header every 10 min (its defaults). Idle: total_commands_processed delta and process.cpuUsage (the bench process hosts the inspector) over 5 s after a GC and 2 s of rest; the averaged rows add one key scan per 60 s and one full scan per 600 s, each measured alone. "without the log": changeLog: false, every refresh a full scan (as before the log).',
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const BROWSER_SAMPLES = 10;

/** Page loads in a real browser: time to DOMContentLoaded and to load, from Navigation Timing. */
async function browserRows(base: string): Promise<string[][]> {
  const browser = await openBrowser();
  try {
    const context = await browser.newContext();
    const measure = async (path: string) => {
      const dcl: number[] = [];
      const load: number[] = [];
      let size = 0;
      for (let i = 0; i < BROWSER_SAMPLES + 1; i++) {
        const page = await context.newPage();
        await page.goto(`${base}${path}`, { waitUntil: 'load' }); // a 404 loads like any page
        // A string: this package has no DOM types; the browser evaluates it.
        const timing = (await page.evaluate(
          `(() => { const n = performance.getEntriesByType('navigation')[0]; return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, size: n.transferSize }; })()`,
        )) as { dcl: number; load: number; size: number };
        await page.close();
        if (i === 0) continue; // the first load warms the browser's process and the server's code paths
        dcl.push(timing.dcl);
        load.push(timing.load);
        size = timing.size;
      }
      const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      return { dcl: mid(dcl), load: mid(load), size };
    };
    const rows: string[][] = [];
    for (const [label, path] of [
      ['/ (page 1 of 200)', ''],
      ['/?page=150', '?page=150'],
      ['/runs/run-05000', 'runs/run-05000'],
      ['baseline: a 19-byte page (/runs/nope, 404), the browser alone', 'runs/nope'],
    ] as const) {
      const { dcl, load, size } = await measure(path);
      rows.push([`browser: ${label}, DOMContentLoaded`, num(dcl, 1), bytes(size)]);
      rows.push([`browser: ${label}, load`, num(load, 1), '—']);
    }
    return rows;
  } finally {
    await browser.close();
  }
}
