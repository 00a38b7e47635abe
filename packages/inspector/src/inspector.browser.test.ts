import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileCheckpointStore, type RunState } from '@mimo-agents/runner';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from './server/start-inspector.js';
import { createFileRunSource } from './source/file-run-source.js';
import { openBrowser, screenshot } from './test-support/open-browser.js';
import { PLANTED_KEY, SEEDED, seedRuns } from './test-support/seed-runs.js';

let dir: string;
let shots: string;
let inspector: Inspector;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inspector-runs-'));
  shots = await mkdtemp(join(tmpdir(), 'inspector-shots-'));
  await seedRuns(dir);
  inspector = await startInspector({
    source: createFileRunSource({ directory: dir }),
    port: 0,
    pollIntervalMs: 100,
  });
  browser = await openBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await inspector?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(shots, { recursive: true, force: true });
});

const statusOf = (runId: string) => page.locator(`tr[data-run="${runId}"] .status`);

describe('the inspector in a real browser', () => {
  it('lists runs of every status, with tokens and cost, and filters by status and agent', async () => {
    await page.goto(inspector.url);
    const expected = [
      'completed',
      'running',
      'interrupted',
      'failed',
      'aborted',
      'incomplete',
      'max_turns',
      'stopped',
      'damaged',
    ];
    const shown = await page.locator('#rows .status').allTextContents();
    for (const status of expected) expect(shown).toContain(status);
    expect(await page.locator('#rows tr').count()).toBe(11);
    // The run paused on an approval: its own status and agent, and its pending call on its page.
    expect(await statusOf(SEEDED.interrupted).textContent()).toBe('interrupted');
    expect(await page.locator(`tr[data-run="${SEEDED.interrupted}"] td`).nth(1).textContent()).toBe(
      'refunds',
    );
    const retriedRow = page.locator(`tr[data-run="${SEEDED.retried}"] td`);
    // turns, requests (the dropped attempt carried no usage), and a priced cost.
    expect(await retriedRow.nth(3).textContent()).toBe('2');
    expect(await retriedRow.nth(9).textContent()).toMatch(/^\$0\.\d+$/);
    expect((await stat(await screenshot(page, shots, 'inspector-runs'))).size).toBeGreaterThan(1000);

    await page.selectOption('select[name="status"]', 'failed');
    await page.waitForURL(/status=failed/);
    expect(await page.locator('#rows tr').count()).toBe(1);
    await page.goto(`${inspector.url}?agent=weather`);
    expect(await page.locator('#rows tr a').allTextContents()).toEqual([SEEDED.retried]);
    await page.goto(`${inspector.url}?status=interrupted`);
    expect(await page.locator('#rows tr a').allTextContents()).toEqual([SEEDED.interrupted]);
    await page.goto(`${inspector.url}runs/${SEEDED.interrupted}`);
    expect(await page.locator('#approvals li.approval b').allTextContents()).toEqual(['issue_refund']);
  });

  it('shows a run with a retried turn and parallel calls on a time axis, content folded, no key', async () => {
    await page.goto(`${inspector.url}runs/${SEEDED.retried}`);
    await expect.poll(() => page.locator('.badge.retried').count()).toBe(1);
    expect(await page.locator('.badge.retried').textContent()).toBe('retried ×1');
    // Both calls of turn 1 start at the same x (side by side in two lanes).
    const toolBars = page.locator('svg.timeline g.bar-tool-ok rect');
    expect(await toolBars.count()).toBe(2);
    const xs = await toolBars.evaluateAll((rects) => rects.map((r) => r.getAttribute('x')));
    const ys = await toolBars.evaluateAll((rects) => rects.map((r) => r.getAttribute('y')));
    expect(xs[0]).toBe(xs[1]);
    expect(ys[0]).not.toBe(ys[1]);
    expect(await page.locator('svg.timeline g.bar-retried-turn').count()).toBe(1);
    expect(await page.locator('svg.usage-chart g.turn-usage').count()).toBe(2);
    // Priced: a cost mark per turn, each the turn's tokens at the seeded prices ($1 / $0.2 / $3 per MTok).
    const costs = await page
      .locator('svg.usage-chart circle.cost-mark')
      .evaluateAll((marks) => marks.map((m) => Number(m.getAttribute('data-cost'))));
    const state = (await createFileCheckpointStore({ directory: dir }).load(SEEDED.retried)) as RunState;
    const priced = state.turns.map(
      ({ usage: u }) =>
        ((u.inputTokens - u.cachedTokens) * 1 + u.cachedTokens * 0.2 + u.outputTokens * 3) / 1e6,
    );
    expect(costs).toHaveLength(2);
    for (const [i, cost] of costs.entries()) expect(cost).toBeCloseTo(priced[i] ?? -1, 12);
    expect(await page.locator('svg.usage-chart polyline.cost-line').count()).toBe(1);
    expect(costs.every((cost) => cost > 0)).toBe(true);
    expect(await page.locator('svg.usage-chart').getAttribute('aria-label')).toBe('tokens and cost per turn');
    expect(await page.locator('section.turn').first().textContent()).toContain(
      'I need the weather and the time',
    );
    // The 600-character weather note is folded.
    expect(await page.locator('details.block summary', { hasText: 'output' }).count()).toBe(1);
    const html = await page.content();
    expect(html).not.toContain(PLANTED_KEY);
    expect(html).toContain('[redacted]');
    await screenshot(page, shots, 'inspector-run');
  });

  it('shows a failed tool call with its error kind', async () => {
    await page.goto(`${inspector.url}runs/${SEEDED.toolError}`);
    expect(await page.locator('li.call .error').textContent()).toBe('thrown');
    expect(await page.locator('li.call').textContent()).toContain('order service unreachable');
  });

  it('updates the list and the open run live when a worker saves', async () => {
    const store = createFileCheckpointStore({ directory: dir });
    const state = (await store.load(SEEDED.running)) as RunState;
    const runPage = await browser.newPage();
    await runPage.goto(`${inspector.url}runs/${SEEDED.running}`);
    await page.goto(inspector.url);
    await expect.poll(() => page.locator('#live.on').count()).toBe(1);
    expect(await statusOf(SEEDED.running).textContent()).toBe('running');

    await store.save(SEEDED.running, { ...state, status: 'completed', finalOutput: 'Done live.' });
    await statusOf(SEEDED.running).filter({ hasText: 'completed' }).waitFor({ timeout: 10_000 });
    await runPage.locator('#run h1 .status', { hasText: 'completed' }).waitFor({ timeout: 10_000 });
    expect(await runPage.locator('#run').textContent()).toContain('Done live.');
    await runPage.close();
  });

  it('shows a damaged checkpoint as its typed error and keeps serving', async () => {
    expect(await statusOf(SEEDED.damaged).textContent()).toBe('damaged');
    const response = await page.goto(`${inspector.url}runs/${SEEDED.damaged}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('#checkpoint-error b').textContent()).toBe('checkpoint_corrupt');
    expect(await page.locator('#checkpoint-error pre').textContent()).toContain('Fix:');
    await screenshot(page, shots, 'inspector-damaged');
    await page.goto(inspector.url);
    expect(await page.locator('#rows tr').count()).toBe(11);
    // The run paused on an approval: its own status and agent, and its pending call on its page.
    expect(await statusOf(SEEDED.interrupted).textContent()).toBe('interrupted');
    expect(await page.locator(`tr[data-run="${SEEDED.interrupted}"] td`).nth(1).textContent()).toBe(
      'refunds',
    );
  });
});
