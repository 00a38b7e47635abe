import type { TurnRecord } from '@mimo-agents/runner';
import { escapeHtml } from './html.js';
import { type TimelineBar, type TimelineRun, timelineLayout } from './timeline-layout.js';

const COLORS: Record<TimelineBar['kind'], string> = {
  turn: '#5b8def',
  'retried-turn': '#e0a100',
  'tool-ok': '#3fae6a',
  'tool-error': '#d9534f',
  'tool-pending': '#a0a7b4',
  handoff: '#7a4cc2',
};

/** Most lanes drawn (a run with more calls or sub-runs is cut there, with a note). */
const MAX_LANES = 200;

/**
 * The timeline as inline SVG: lanes of the run (model, calls) with each sub-run's lanes indented
 * under the call that ran it (its model lane links to the sub-run's page), handoffs as markers.
 */
export function renderTimeline(input: TimelineRun | readonly TurnRecord[]): string {
  const layout = timelineLayout(input);
  const bars = layout.bars.filter((b) => b.lane < MAX_LANES);
  if (bars.length === 0) return '<p>No turns yet.</p>';
  const end = Math.max(1, ...bars.map((b) => b.startMs + b.durationMs));
  const lanes = Math.min(MAX_LANES, layout.lanes.length);
  const width = 960;
  const left = 130;
  const scale = (width - left - 10) / end;
  const laneHeight = 22;
  const height = lanes * laneHeight + 24;
  const rects = bars
    .map((b) => {
      const x = left + b.startMs * scale;
      const y = b.lane * laneHeight + 4;
      const run = b.runId === undefined ? '' : ` data-run="${escapeHtml(b.runId)}"`;
      const title = `${b.runId === undefined ? '' : `${b.runId}: `}${b.label}: ${b.durationMs} ms at +${b.startMs} ms`;
      if (b.kind === 'handoff')
        return `<g class="bar bar-handoff"${run}><title>${escapeHtml(`handoff ${b.label} at +${b.startMs} ms`)}</title><line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${y - 3}" y2="${y + laneHeight - 3}" stroke="${COLORS.handoff}" stroke-width="3"/>
<text x="${(x + 4).toFixed(1)}" y="${y + 12}" fill="${COLORS.handoff}">${escapeHtml(b.label)}</text></g>`;
      const w = Math.max(2, b.durationMs * scale);
      return `<g class="bar bar-${b.kind}${b.depth > 0 ? ' sub' : ''}${b.agentTool ? ' bar-agent-tool' : ''}"${run}><title>${escapeHtml(title)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${laneHeight - 6}" rx="3" fill="${COLORS[b.kind]}" fill-opacity="${b.depth > 0 ? 0.8 : 1}"/>
<text x="${(x + 3).toFixed(1)}" y="${y + 12}" fill="#fff">${escapeHtml(w > 40 ? b.label : '')}</text></g>`;
    })
    .join('');
  const laneLabels = layout.lanes
    .slice(0, lanes)
    .map((lane, i) => {
      const text = `<text x="${2 + lane.depth * 10}" y="${i * laneHeight + 17}" fill="#5b6475">${escapeHtml(lane.label.slice(0, 18))}</text>`;
      const shade =
        lane.depth > 0
          ? `<rect x="0" y="${i * laneHeight + 1}" width="${width}" height="${laneHeight}" fill="#7a4cc2" fill-opacity="${0.04 * lane.depth}"/>`
          : '';
      return lane.runId === undefined
        ? `${shade}${text}`
        : `${shade}<a class="sub-run-link" href="/runs/${escapeHtml(encodeURIComponent(lane.runId))}" data-run="${escapeHtml(lane.runId)}">${text}</a>`;
    })
    .join('');
  const cut =
    layout.lanes.length > lanes
      ? `<p class="label">Timeline cut at ${MAX_LANES} lanes (${layout.lanes.length} in all).</p>`
      : '';
  const axis = `<text x="${left}" y="${height - 4}" fill="#5b6475">0 ms</text><text x="${width - 10}" y="${height - 4}" text-anchor="end" fill="#5b6475">${end.toLocaleString('en-US')} ms</text>`;
  return `<svg class="timeline" role="img" aria-label="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${laneLabels}${rects}${axis}</svg>${cut}`;
}
