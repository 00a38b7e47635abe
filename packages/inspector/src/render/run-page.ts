import type { InputItem } from '@mimo-agents/core';
import type { RunState } from '@mimo-agents/runner';
import type { RunTree } from '../source/load-run-tree.js';
import type { RunDetail } from '../source/run-source.js';
import { renderApprovals } from './approvals-section.js';
import { escapeHtml, foldable, formatNumber, layout, safeText } from './html.js';
import { formatCost } from './runs-page.js';
import { startedText } from './started-text.js';
import { agentOfTurn, timelineRunOf } from './timeline-layout.js';
import { renderTimeline } from './timeline-svg.js';
import { renderUsageChart } from './usage-chart-svg.js';

/** How the run page is drawn. */
export interface RunPageOptions {
  source: string;
  /** When false, texts, reasoning, arguments, outputs and history are left out. */
  showContent: boolean;
  /** Extra strings to redact (besides keys core's redaction recognises). */
  secrets: readonly string[];
  /** Whether Approve / Reject buttons are shown (the inspector has a queue to submit decisions to). */
  canSubmit?: boolean;
  /** A message to show above the run (the result of a submitted decision). */
  notice?: string;
  /** The run this one is a sub-run of (`<parent>/<callId>`), when that run is in the store. */
  parentRunId?: string;
  /** The top run of this run's tree (decisions are submitted against it); default this run. */
  topRunId?: string;
}

/** A run's page input: a run read alone, or with its sub-runs (`loadRunTree`). */
export type RunPageInput = RunDetail | RunTree;

const treeOf = (input: RunPageInput): RunTree =>
  'detail' in input ? input : { detail: input, subRuns: new Map() };

const runLink = (runId: string): string =>
  `<a href="/runs/${escapeHtml(encodeURIComponent(runId))}">${escapeHtml(runId)}</a>`;

/** One sub-run's line under the call that ran it: link, agent, status, turns, tokens and cost. */
function subRunLine(sub: RunTree): string {
  const s = sub.detail.summary;
  const u = s.usage;
  return `<div class="subrun" data-run="${escapeHtml(s.runId)}"><span class="label">sub-run</span> ${runLink(s.runId)} · agent <b>${escapeHtml(s.agent)}</b> <span class="status s-${escapeHtml(s.status)}">${escapeHtml(s.status)}</span> · ${formatNumber(s.turns)} turns · <span class="usage">${formatNumber(u.requests)} requests · ${formatNumber(u.inputTokens)} in (${formatNumber(u.cachedTokens)} cached) · ${formatNumber(u.outputTokens)} out (${formatNumber(u.reasoningTokens)} reasoning)</span> · cost ${formatCost(s.cost?.total)}</div>`;
}

/** The reasoning texts of each turn, read from the history the run added (one group per model turn). */
export function reasoningByTurn(state: RunState): string[] {
  const groups: string[] = [];
  let current: string[] | undefined;
  let afterOutputs = true;
  for (const item of state.history.slice(state.inputLength)) {
    const type = (item as { type?: string }).type ?? 'message';
    if (type === 'function_call_output') {
      afterOutputs = true;
      continue;
    }
    if (afterOutputs) {
      current = [];
      groups.push('');
      afterOutputs = false;
    }
    if (type === 'reasoning' && current !== undefined) {
      for (const part of (item as Extract<InputItem, { type: 'reasoning' }>).content ?? [])
        current.push(part.text);
      groups[groups.length - 1] = current.join('\n');
    }
  }
  return groups;
}

/** The body of one run (also sent alone to refresh the page live). */
export function renderRunBody(input: RunPageInput, options: RunPageOptions): string {
  const tree = treeOf(input);
  const { detail } = tree;
  const s = detail.summary;
  const handoffs = detail.ok ? (detail.state.handoffs ?? []) : [];
  const agents =
    handoffs.length === 0
      ? `agent <b>${escapeHtml(s.agent)}</b>`
      : `agents <b id="agents">${[handoffs[0]?.from ?? '?', ...handoffs.map((h) => h.to)].map(escapeHtml).join(' → ')}</b>`;
  const parent =
    options.parentRunId === undefined
      ? ''
      : `<p class="label" id="parent">sub-run of ${runLink(options.parentRunId)}</p>`;
  const head = `<h1>${escapeHtml(s.runId)} <span class="status s-${escapeHtml(s.status)}">${escapeHtml(s.status)}</span></h1>${parent}
<p>${agents} · model ${escapeHtml(s.model)} · ${formatNumber(s.turns)} turns · ${formatNumber(s.usage.requests)} requests ·
${formatNumber(s.usage.inputTokens)} in (${formatNumber(s.usage.cachedTokens)} cached) · ${formatNumber(s.usage.outputTokens)} out (${formatNumber(s.usage.reasoningTokens)} reasoning) · cost ${formatCost(s.cost?.total)} ·
started <span id="started">${startedText(s)}</span> · last update ${escapeHtml(s.savedAt)} · <span class="label">${escapeHtml(s.location)}</span></p>`;
  if (!detail.ok) {
    return `${head}<div class="error" id="checkpoint-error"><b>${escapeHtml(detail.error.code)}</b><pre>${safeText(detail.error.message, options.secrets)}</pre></div>`;
  }
  const state = detail.state;
  const reasoning = reasoningByTurn(state);
  const timeline = timelineRunOf(tree);
  // Saved checkpoints keep a call's arguments once, in the history's function_call (runner's compaction).
  const argumentsById = new Map<string, string>();
  for (const item of state.history) {
    if ('type' in item && item.type === 'function_call') argumentsById.set(item.call_id, item.arguments);
  }
  const turns = state.turns
    .map((turn, i) => {
      const retried = turn.retries + (turn.requestRetries ?? 0);
      const calls = turn.toolCalls
        .map((call) => {
          const waits =
            call.outcome === undefined &&
            (call.subRun !== undefined ||
              (call.approval !== undefined && call.approval.decision === undefined));
          const status = call.outcome ?? (waits ? 'awaiting approval' : 'pending');
          const error =
            call.outcome === 'error'
              ? `<div class="error">${escapeHtml(call.errorKind ?? 'error')}</div>`
              : '';
          const content = options.showContent
            ? foldable('arguments', call.arguments ?? argumentsById.get(call.callId) ?? '', options.secrets) +
              (call.output === undefined ? '' : foldable('output', call.output, options.secrets))
            : '';
          const sub = tree.subRuns.get(call.callId);
          const subAgent = timeline.agentTools?.get(call.callId);
          const gone =
            sub === undefined && subAgent !== undefined
              ? `<div class="subrun gone"><span class="label">agent tool</span> → <b>${escapeHtml(subAgent)}</b> · sub-run ${escapeHtml(`${s.runId}/${call.callId}`)} is not in the store (removed once the call's outcome was saved; <code>keepCheckpoint: true</code> keeps it)${call.subRun === undefined ? '' : ` · paused for ${call.subRun.interruptions.length} approval${call.subRun.interruptions.length === 1 ? '' : 's'}`}</div>`
              : '';
          return `<li class="call" data-call="${escapeHtml(call.callId)}"><b>${escapeHtml(call.name)}</b> <span class="status s-${status === 'ok' ? 'completed' : status === 'error' ? 'failed' : 'running'}">${escapeHtml(status)}</span> ${call.durationMs === undefined ? '–' : formatNumber(call.durationMs)} ms${call.attempts !== undefined && call.attempts > 1 ? `<span class="badge">attempts ${formatNumber(call.attempts)}</span>` : ''}${error}${sub === undefined ? gone : subRunLine(sub)}${content}</li>`;
        })
        .join('');
      const text = options.showContent
        ? (reasoning[i] ? foldable('reasoning', reasoning[i], options.secrets) : '') +
          (turn.text ? foldable('text', turn.text, options.secrets) : '')
        : '';
      const handoff = handoffs.find((h) => h.turn === turn.turn);
      const switchBadge =
        handoff === undefined
          ? ''
          : `<span class="badge handoff">handoff ${escapeHtml(handoff.from)} → ${escapeHtml(handoff.to)}</span>`;
      return `<section class="turn" data-turn="${formatNumber(turn.turn)}"><b>turn ${formatNumber(turn.turn)}</b>${handoffs.length > 0 ? ` · ${escapeHtml(agentOfTurn(timeline, turn.turn) ?? '?')}` : ''} · ${formatNumber(turn.durationMs)} ms · ${formatNumber(turn.usage.inputTokens)} in / ${formatNumber(turn.usage.outputTokens)} out · ${formatCost(turn.cost?.total)}${retried > 0 ? `<span class="badge retried">retried ×${formatNumber(retried)}</span>` : ''}${switchBadge}${turn.status === 'incomplete' ? `<span class="badge">incomplete: ${escapeHtml(turn.incompleteReason ?? '')}</span>` : ''}
${text}<ul>${calls}</ul></section>`;
    })
    .join('');
  const history = options.showContent
    ? foldable('history that would be resent', JSON.stringify(state.history, null, 2), options.secrets, 0)
    : '<p class="label">Content display is off (--no-content).</p>';
  const final =
    options.showContent && state.finalOutput !== undefined
      ? foldable('final output', state.finalOutput, options.secrets)
      : '';
  const approvals = renderApprovals(state, {
    canSubmit: options.canSubmit ?? false,
    showContent: options.showContent,
    secrets: options.secrets,
    ...(options.topRunId === undefined ? {} : { topRunId: options.topRunId }),
  });
  return `${head}${runError(state, options.secrets)}${approvals}<h2>Timeline</h2>${renderTimeline(timeline)}<h2>Tokens per turn</h2>${renderUsageChart(state.turns)}
<h2>Turns</h2>${turns}${final}<h2>History</h2>${history}`;
}

/** Why a failed run failed (its saved `error`: code, message, fix), or nothing. */
function runError(state: RunState, secrets: readonly string[]): string {
  const error = state.error;
  if (error === undefined) return '';
  const fix = error.fix === undefined ? '' : `<p>Fix: ${safeText(error.fix, secrets)}</p>`;
  return `<h2>Error</h2><div class="error" id="run-error"><b>${escapeHtml(error.code)}</b><pre>${safeText(error.message, secrets)}</pre>${fix}</div>`;
}

/**
 * The body of one run, or, when the saved state has a shape the page cannot draw (a checkpoint that
 * passed its checksum but was written by something else), that error in place of the body.
 */
export function renderRunBodySafely(input: RunPageInput, options: RunPageOptions): string {
  const { detail } = treeOf(input);
  try {
    return renderRunBody(input, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return renderRunBody(
      {
        ok: false,
        summary: detail.summary,
        error: {
          code: 'checkpoint_unreadable',
          message: `The saved state of this run has an unexpected shape (${message}). Fix: check which program wrote ${detail.summary.location}.`,
        },
      },
      options,
    );
  }
}

/** The page of one run. */
export function renderRunPage(input: RunPageInput, options: RunPageOptions): string {
  const { detail } = treeOf(input);
  const id = escapeHtml(detail.summary.runId);
  return layout(
    `${detail.summary.runId} · mimo-agents inspector`,
    options.source,
    `${options.notice === undefined ? '' : `<p class="notice" id="notice">${safeText(options.notice, options.secrets)}</p>`}<div id="run" data-run="${id}" data-refresh="/runs/${encodeURIComponent(detail.summary.runId)}?fragment=body">${renderRunBodySafely(input, options)}</div>`,
  );
}
