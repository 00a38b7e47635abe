import { parentIdOf } from '../source/run-index.js';
import type { RunSummary } from '../source/run-summary.js';
import { escapeHtml, formatNumber, layout } from './html.js';
import { startedText } from './started-text.js';
import { renderStoreErrorBanner, type StoreError } from './store-error-banner.js';

/** What the runs list shows: one page of rows and the filters that chose them. */
export interface RunsPageInput {
  rows: readonly RunSummary[];
  total: number;
  page: number;
  pageSize: number;
  status: string;
  agent: string;
  statuses: readonly string[];
  agents: readonly string[];
  source: string;
  /** Why the last refresh could not read the store, if it could not (shown as a banner). */
  storeError?: StoreError | undefined;
  /** Whether sub-runs are listed as rows of their own (`?sub=1`); by default they are counted on their parent's row. */
  withSubRuns?: boolean;
  /** The number of indexed sub-runs of a run (its agentTool calls' runs). */
  subRunCount?: (runId: string) => number;
  /** Whether a run is an indexed run's sub-run. */
  isSubRun?: (runId: string) => boolean;
}

/** How rows mark sub-runs: a count on a parent, a "sub-run of" on a sub-run. */
export interface RowMarks {
  subRunCount?: (runId: string) => number;
  isSubRun?: (runId: string) => boolean;
}

const n = (x: number): string => formatNumber(x, true);

/** Formats a cost in US dollars, or a dash. */
export function formatCost(total: number | undefined): string {
  if (total === undefined) return '–';
  return typeof total === 'number' && Number.isFinite(total)
    ? `$${total.toFixed(total < 0.01 ? 5 : 3)}`
    : '?';
}

/** The mark of a run waiting for decisions: how many calls wait, those of its sub-agents included. */
function awaitingBadge(r: RunSummary): string {
  const a = r.awaiting;
  if (a === undefined) return '';
  const title =
    a.nested > 0
      ? `${a.nested} of them in sub-agents (agentTool calls); decide on this run's page`
      : "decide on this run's page";
  return ` <span class="badge awaiting" title="${escapeHtml(title)}">awaiting approval: ${n(a.total)}${a.nested > 0 ? ` (${n(a.nested)} in sub-agents)` : ''}</span>`;
}

/** The rows of the runs table (also sent alone to refresh the table live). */
export function renderRunRows(rows: readonly RunSummary[], marks: RowMarks = {}): string {
  if (rows.length === 0) return '<tr><td colspan="12">No runs.</td></tr>';
  return rows
    .map((r) => {
      const id = escapeHtml(r.runId);
      const u = r.usage;
      const count = marks.subRunCount?.(r.runId) ?? 0;
      const parent = marks.isSubRun?.(r.runId) === true ? parentIdOf(r.runId) : undefined;
      const mark =
        (count > 0
          ? ` <span class="badge subruns" title="sub-runs of its agent tools">+${count} sub-run${count === 1 ? '' : 's'}</span>`
          : '') +
        (parent === undefined
          ? ''
          : ` <span class="badge subrun-of">sub-run of ${escapeHtml(parent)}</span>`) +
        awaitingBadge(r);
      return `<tr data-run="${id}"${parent === undefined ? '' : ' class="sub-run"'}><td><a href="/runs/${encodeURIComponent(r.runId)}">${id}</a>${mark}</td><td>${escapeHtml(r.agent)}</td>
<td><span class="status s-${escapeHtml(r.status)}">${escapeHtml(r.status)}</span></td><td class="num">${n(r.turns)}</td>
<td class="num">${n(u.requests)}</td><td class="num">${n(u.inputTokens)}</td><td class="num">${n(u.cachedTokens)}</td>
<td class="num">${n(u.outputTokens)}</td><td class="num">${n(u.reasoningTokens)}</td><td class="num">${formatCost(r.cost?.total)}</td>
<td class="started">${startedText(r)}</td><td>${escapeHtml(r.savedAt.replace('T', ' ').slice(0, 19))}</td></tr>`;
    })
    .join('');
}

/** The runs list page. */
export function renderRunsPage(input: RunsPageInput): string {
  const option = (value: string, selected: string) =>
    `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(value || 'any')}</option>`;
  const pages = Math.max(1, Math.ceil(input.total / input.pageSize));
  const link = (page: number) =>
    `/?${new URLSearchParams({ status: input.status, agent: input.agent, ...(input.withSubRuns ? { sub: '1' } : {}), page: String(page) }).toString()}`;
  const body = `<div id="store" data-refresh="/?fragment=store">${renderStoreErrorBanner(input.storeError)}</div>
<form class="filters" method="get">
<label>status <select name="status" onchange="this.form.submit()">${['', ...input.statuses].map((s) => option(s, input.status)).join('')}</select></label>
<label>agent <select name="agent" onchange="this.form.submit()">${['', ...input.agents].map((a) => option(a, input.agent)).join('')}</select></label>
<label><input type="checkbox" name="sub" value="1"${input.withSubRuns ? ' checked' : ''} onchange="this.form.submit()"> sub-runs as rows</label>
<span id="count">${n(input.total)} runs</span></form>
<table><thead><tr><th>run</th><th>agent</th><th>status</th><th class="num">turns</th><th class="num">requests</th>
<th class="num">input</th><th class="num">cached</th><th class="num">output</th><th class="num">reasoning</th><th class="num">cost</th><th>started</th><th>last update</th></tr></thead>
<tbody id="rows" data-refresh="${escapeHtml(`${link(input.page)}&fragment=rows`)}">${renderRunRows(input.rows, input)}</tbody></table>
<div class="pager">${input.page > 1 ? `<a href="${escapeHtml(link(input.page - 1))}">← newer</a>` : ''}
<span>page ${input.page} of ${pages}</span>${input.page < pages ? `<a href="${escapeHtml(link(input.page + 1))}">older →</a>` : ''}</div>`;
  return layout('runs · mimo-agents inspector', input.source, body);
}
