import type { RunState, ToolCallRecord } from '@mimo-agents/runner';
import { escapeHtml, foldable } from './html.js';

/** The calls an interrupted run waits for: recorded with an approval and no decision yet. */
export function pendingApprovals(state: RunState): ToolCallRecord[] {
  const calls = [...state.turns.flatMap((turn) => turn.toolCalls), ...(state.pending?.calls ?? [])];
  const seen = new Set<string>();
  return calls.filter((call) => {
    if (call.approval === undefined || call.approval.decision !== undefined || seen.has(call.callId))
      return false;
    seen.add(call.callId);
    return true;
  });
}

/**
 * The approvals box of an interrupted run: each waiting call with its arguments and an Approve / Reject
 * (with a reason) form, or, when the inspector has no queue to send decisions to, how to give it one.
 */
export function renderApprovals(
  state: RunState,
  options: {
    canSubmit: boolean;
    showContent: boolean;
    secrets: readonly string[];
    argumentsOf: (call: ToolCallRecord) => string;
  },
): string {
  if (state.status !== 'interrupted') return '';
  const waiting = pendingApprovals(state);
  if (waiting.length === 0) return '';
  const items = waiting
    .map((call) => {
      const id = escapeHtml(call.approval?.id ?? '');
      const args = options.showContent
        ? foldable('arguments', options.argumentsOf(call), options.secrets)
        : '';
      const form = options.canSubmit
        ? `<form method="post" action="/runs/${escapeHtml(encodeURIComponent(state.runId))}/approvals" class="decide"><input type="hidden" name="approvalId" value="${id}">
<button name="action" value="approve" class="approve">Approve</button>
<input name="reason" placeholder="reason (required to reject)" aria-label="reason"><button name="action" value="reject" class="reject">Reject</button></form>`
        : '<p class="label">Start the inspector with --redis and --queue to decide from this page.</p>';
      return `<li class="approval" data-approval="${id}"><b>${escapeHtml(call.name)}</b> <span class="label">${id}</span>${args}${form}</li>`;
    })
    .join('');
  return `<h2>Waiting for approval</h2><ul id="approvals">${items}</ul>`;
}
