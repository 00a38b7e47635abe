import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileCheckpointStore, type RunState } from '@mimo-agents/runner';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from './server/start-inspector.js';
import { createFileRunSource } from './source/file-run-source.js';
import { openBrowser, screenshot } from './test-support/open-browser.js';
import { MULTI, seedMultiAgent } from './test-support/seed-multi-agent.js';

let dir: string;
let shots: string;
let inspector: Inspector;
let browser: Browser;
let page: Page;
let subState: RunState;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inspector-sub-runs-'));
  shots = await mkdtemp(join(tmpdir(), 'inspector-shots-'));
  const store = createFileCheckpointStore({ directory: dir });
  await seedMultiAgent(store);
  subState = (await store.load(MULTI.subRun)) as RunState;
  inspector = await startInspector({
    source: createFileRunSource({ directory: dir }),
    port: 0,
    pollIntervalMs: 100,
  });
  browser = await openBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await inspector?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(shots, { recursive: true, force: true });
});

describe('sub-agents and handoffs in a real browser', () => {
  it('lists top-level runs only, the parent marked with its sub-run; sub-runs as rows on request', async () => {
    await page.goto(inspector.url);
    expect((await page.locator('#rows tr a').allTextContents()).sort()).toEqual([
      MULTI.parent,
      MULTI.handoff,
    ]);
    expect(await page.locator(`tr[data-run="${MULTI.parent}"] .badge.subruns`).textContent()).toBe(
      '+1 sub-run',
    );
    // Runs started by this code record their start: no estimate mark.
    expect(await page.locator('#rows td.started .estimated').count()).toBe(0);
    await page.check('input[name="sub"]');
    await page.waitForURL(/sub=1/);
    const sub = page.locator(`tr[data-run="${MULTI.subRun}"]`);
    expect(await sub.locator('.badge.subrun-of').textContent()).toBe(`sub-run of ${MULTI.parent}`);
    expect(await sub.locator('td').nth(1).textContent()).toBe('researcher');
  });

  it("nests the agentTool call's sub-run under the call on the same time axis, with its link and usage", async () => {
    await page.goto(`${inspector.url}runs/${MULTI.parent}`);
    // The sub-run's own turns and its two parallel search calls are bars of the parent's timeline.
    const subBars = page.locator(`svg.timeline g.bar.sub[data-run="${MULTI.subRun}"]`);
    expect(await subBars.locator('title').allTextContents()).toEqual([
      expect.stringContaining('turn 1'),
      expect.stringContaining('search'),
      expect.stringContaining('search'),
      expect.stringContaining('turn 2'),
    ]);
    // The sub-run starts where the research call starts, and its lanes sit below the call's lane.
    const research = page.locator('svg.timeline g.bar-tool-ok', { hasText: 'research → researcher' });
    const callX = Number(await research.locator('rect').getAttribute('x'));
    const callY = Number(await research.locator('rect').getAttribute('y'));
    const firstSub = subBars.first().locator('rect');
    expect(Number(await firstSub.getAttribute('x'))).toBeCloseTo(callX, 1);
    expect(Number(await firstSub.getAttribute('y'))).toBeGreaterThan(callY);
    // Its search calls ran side by side: same x, different lanes.
    const searches = page.locator(`svg.timeline g.bar-tool-ok.sub[data-run="${MULTI.subRun}"] rect`);
    const xs = await searches.evaluateAll((rects) => rects.map((r) => r.getAttribute('x')));
    const ys = await searches.evaluateAll((rects) => rects.map((r) => r.getAttribute('y')));
    expect(xs[0]).toBe(xs[1]);
    expect(ys[0]).not.toBe(ys[1]);
    // The call's line shows the sub-run's usage, as the sub-run's checkpoint recorded it.
    const line = page.locator(`li.call[data-call="call_research"] .subrun`);
    expect(await line.locator('.usage').textContent()).toBe(
      `${subState.usage.requests} requests · ${subState.usage.inputTokens} in (${subState.usage.cachedTokens} cached) · ${subState.usage.outputTokens} out (${subState.usage.reasoningTokens} reasoning)`,
    );
    expect(subState.usage.requests).toBe(2);
    await screenshot(page, shots, 'inspector-sub-runs');

    await page.locator(`a.sub-run-link[data-run="${MULTI.subRun}"]`).click();
    await page.waitForURL(/call_research/);
    expect(await page.locator('#run h1').textContent()).toContain(MULTI.subRun);
    expect(await page.locator('#parent a').textContent()).toBe(MULTI.parent);
  });

  it('shows a handoff as the agent switching on the timeline and in the turns', async () => {
    await page.goto(`${inspector.url}runs/${MULTI.handoff}`);
    expect(await page.locator('#agents').textContent()).toBe('triage → billing');
    expect(await page.locator('svg.timeline g.bar-handoff text').textContent()).toBe('→ billing');
    const turnLabels = await page.locator('svg.timeline g.bar-turn title').allTextContents();
    expect(turnLabels).toEqual([
      expect.stringContaining('turn 1 · triage'),
      expect.stringContaining('turn 2 · billing'),
    ]);
    expect(await page.locator('section.turn .badge.handoff').textContent()).toBe('handoff triage → billing');
  });
});
