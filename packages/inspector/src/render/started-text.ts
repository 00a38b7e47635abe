import type { RunSummary } from '../source/run-summary.js';
import { escapeHtml } from './html.js';

/** When the run started: recorded, or estimated (marked) for a checkpoint without a recorded start. */
export function startedText(s: RunSummary): string {
  if (s.status === 'damaged') return '–';
  const when = escapeHtml(s.startedAt.replace('T', ' ').slice(0, 19));
  return s.startedEstimated
    ? `<span class="estimated" title="estimated: last save minus the recorded model and tool time (checkpoint without startedAt)">≈ ${when}</span>`
    : `<span title="${escapeHtml(s.startedAt)}">${when}</span>`;
}
