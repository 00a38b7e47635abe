import type { RunSummary } from '../source/run-summary.js';
import { escapeHtml, layout } from './html.js';

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
}

const n = (x: number): string => x.toLocaleString('en-US');

/** Formats a cost in US dollars, or a dash. */
export function formatCost(total: number | undefined): string {
  return total === undefined ? '–' : `$${total.toFixed(total < 0.01 ? 5 : 3)}`;
}

/** The rows of the runs table (also sent alone to refresh the table live). */
export function renderRunRows(rows: readonly RunSummary[]): string {
  if (rows.length === 0) return '<tr><td colspan="11">No runs.</td></tr>';
  return rows
    .map((r) => {
      const id = escapeHtml(r.runId);
      const u = r.usage;
      return `<tr data-run="${id}"><td><a href="/runs/${encodeURIComponent(r.runId)}">${id}</a></td><td>${escapeHtml(r.agent)}</td>
<td><span class="status s-${escapeHtml(r.status)}">${escapeHtml(r.status)}</span></td><td class="num">${n(r.turns)}</td>
<td class="num">${n(u.requests)}</td><td class="num">${n(u.inputTokens)}</td><td class="num">${n(u.cachedTokens)}</td>
<td class="num">${n(u.outputTokens)}</td><td class="num">${n(u.reasoningTokens)}</td><td class="num">${formatCost(r.cost?.total)}</td>
<td title="started ≈ ${escapeHtml(r.startedAt)}">${escapeHtml(r.savedAt.replace('T', ' ').slice(0, 19))}</td></tr>`;
    })
    .join('');
}

/** The runs list page. */
export function renderRunsPage(input: RunsPageInput): string {
  const option = (value: string, selected: string) =>
    `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(value || 'any')}</option>`;
  const pages = Math.max(1, Math.ceil(input.total / input.pageSize));
  const link = (page: number) =>
    `/?${new URLSearchParams({ status: input.status, agent: input.agent, page: String(page) }).toString()}`;
  const body = `<form class="filters" method="get">
<label>status <select name="status" onchange="this.form.submit()">${['', ...input.statuses].map((s) => option(s, input.status)).join('')}</select></label>
<label>agent <select name="agent" onchange="this.form.submit()">${['', ...input.agents].map((a) => option(a, input.agent)).join('')}</select></label>
<span id="count">${n(input.total)} runs</span></form>
<table><thead><tr><th>run</th><th>agent</th><th>status</th><th class="num">turns</th><th class="num">requests</th>
<th class="num">input</th><th class="num">cached</th><th class="num">output</th><th class="num">reasoning</th><th class="num">cost</th><th>last update</th></tr></thead>
<tbody id="rows" data-refresh="${escapeHtml(`${link(input.page)}&fragment=rows`)}">${renderRunRows(input.rows)}</tbody></table>
<div class="pager">${input.page > 1 ? `<a href="${escapeHtml(link(input.page - 1))}">← newer</a>` : ''}
<span>page ${input.page} of ${pages}</span>${input.page < pages ? `<a href="${escapeHtml(link(input.page + 1))}">older →</a>` : ''}</div>`;
  return layout('runs · mimo-agents inspector', input.source, body);
}
