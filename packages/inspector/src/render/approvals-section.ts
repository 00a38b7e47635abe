import type { RunState } from '@mimo-agents/runner';
import { type WaitingApproval, waitingApprovals } from '../source/waiting-approvals.js';
import { escapeHtml, foldable } from './html.js';

/** How the approvals box is drawn. */
export interface ApprovalsSectionOptions {
  canSubmit: boolean;
  showContent: boolean;
  secrets: readonly string[];
  /**
   * The run decisions are submitted against: the top run of this run's tree (a sub-run is resumed only
   * through its parent). Default: this run.
   */
  topRunId?: string;
}

const runHref = (runId: string): string => `/runs/${escapeHtml(encodeURIComponent(runId))}`;

/** The agent path of a sub-run's request, `triage › billing`, or '' for the run's own call. */
function pathOf(waiting: WaitingApproval): string {
  if (waiting.agentPath === undefined) return '';
  return `<span class="path" title="${escapeHtml(`in sub-run ${waiting.runId}`)}">${waiting.agentPath.map(escapeHtml).join(' › ')}</span>`;
}

/**
 * The approvals box of an interrupted run: each waiting call (its own, and those of its agentTool
 * calls' sub-runs with their agent path) with its arguments and an Approve / Reject (with a reason)
 * form that submits against the top run, or, when the inspector has no queue to send decisions to,
 * how to give it one.
 */
export function renderApprovals(state: RunState, options: ApprovalsSectionOptions): string {
  const waiting = waitingApprovals(state);
  if (waiting.length === 0) return '';
  const top = options.topRunId ?? state.runId;
  const items = waiting
    .map((w) => {
      const id = escapeHtml(w.approvalId);
      const args = options.showContent ? foldable('arguments', w.arguments, options.secrets) : '';
      // Two forms: Enter in the reason field submits the reject form, never an approval.
      const hidden = `<input type="hidden" name="approvalId" value="${id}"><input type="hidden" name="back" value="${escapeHtml(state.runId)}">`;
      const action = `${runHref(top)}/approvals`;
      const form = options.canSubmit
        ? `<div class="decide"><form method="post" action="${action}" class="approve-form">${hidden}<button name="action" value="approve" class="approve">Approve</button></form>
<form method="post" action="${action}" class="reject-form">${hidden}<input name="reason" placeholder="reason (required to reject)" aria-label="reason"><button name="action" value="reject" class="reject">Reject</button></form></div>`
        : '<p class="label">Start the inspector with --redis and --queue to decide from this page.</p>';
      const where =
        w.runId === state.runId
          ? ''
          : ` <span class="label">in sub-run <a href="${runHref(w.runId)}">${escapeHtml(w.runId)}</a></span>`;
      return `<li class="approval${w.agentPath === undefined ? '' : ' nested'}" data-approval="${id}" data-run="${escapeHtml(w.runId)}">${pathOf(w)}<b>${escapeHtml(w.toolName)}</b> <span class="label">${id}</span>${where}${args}${form}</li>`;
    })
    .join('');
  const via =
    top === state.runId
      ? ''
      : `<p class="label" id="decide-via">This is a sub-run: it is resumed only through its parent, so decisions are sent to the top run <a href="${runHref(top)}">${escapeHtml(top)}</a>, which resumes it.</p>`;
  return `<h2>Waiting for approval</h2>${via}<ul id="approvals">${items}</ul>`;
}
