import type { TurnRecord } from '@mimo-agents/runner';
import { escapeHtml } from './html.js';

/** One bar of the timeline, in milliseconds from the run's start. */
export interface TimelineBar {
  lane: number;
  startMs: number;
  durationMs: number;
  label: string;
  kind: 'turn' | 'retried-turn' | 'tool-ok' | 'tool-error' | 'tool-pending';
}

/**
 * Lays a run's turns and tool calls on a time axis: each turn's model time, then its calls side by side
 * (they ran concurrently, one lane each), then the next turn after the longest call. Checkpoints hold
 * durations, not start times, so the axis is reconstructed from them.
 */
export function timelineBars(turns: readonly TurnRecord[]): TimelineBar[] {
  const bars: TimelineBar[] = [];
  let at = 0;
  for (const turn of turns) {
    const retried = turn.retries > 0 || (turn.requestRetries ?? 0) > 0;
    bars.push({
      lane: 0,
      startMs: at,
      durationMs: turn.durationMs,
      label: `turn ${turn.turn}${retried ? ` (retried ×${turn.retries + (turn.requestRetries ?? 0)})` : ''}`,
      kind: retried ? 'retried-turn' : 'turn',
    });
    at += turn.durationMs;
    let longest = 0;
    turn.toolCalls.forEach((call, i) => {
      const duration = call.durationMs ?? 0;
      longest = Math.max(longest, duration);
      const kind =
        call.outcome === 'ok' ? 'tool-ok' : call.outcome === 'error' ? 'tool-error' : 'tool-pending';
      bars.push({ lane: i + 1, startMs: at, durationMs: duration, label: call.name, kind });
    });
    at += longest;
  }
  return bars;
}

const COLORS: Record<TimelineBar['kind'], string> = {
  turn: '#5b8def',
  'retried-turn': '#e0a100',
  'tool-ok': '#3fae6a',
  'tool-error': '#d9534f',
  'tool-pending': '#a0a7b4',
};

/** The timeline as inline SVG. */
export function renderTimeline(turns: readonly TurnRecord[]): string {
  const bars = timelineBars(turns);
  if (bars.length === 0) return '<p>No turns yet.</p>';
  const end = Math.max(1, ...bars.map((b) => b.startMs + b.durationMs));
  const lanes = Math.max(...bars.map((b) => b.lane)) + 1;
  const width = 900;
  const left = 70;
  const scale = (width - left - 10) / end;
  const laneHeight = 22;
  const height = lanes * laneHeight + 24;
  const rects = bars
    .map((b) => {
      const x = left + b.startMs * scale;
      const w = Math.max(2, b.durationMs * scale);
      const y = b.lane * laneHeight + 4;
      const title = `${b.label}: ${b.durationMs} ms at +${b.startMs} ms`;
      return `<g class="bar bar-${b.kind}"><title>${escapeHtml(title)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${laneHeight - 6}" rx="3" fill="${COLORS[b.kind]}"/>
<text x="${(x + 3).toFixed(1)}" y="${y + 12}" fill="#fff">${escapeHtml(w > 40 ? b.label : '')}</text></g>`;
    })
    .join('');
  const laneLabels = Array.from(
    { length: lanes },
    (_, i) =>
      `<text x="2" y="${i * laneHeight + 17}" fill="#5b6475">${i === 0 ? 'model' : `call ${i}`}</text>`,
  ).join('');
  const axis = `<text x="${left}" y="${height - 4}" fill="#5b6475">0 ms</text><text x="${width - 10}" y="${height - 4}" text-anchor="end" fill="#5b6475">${end.toLocaleString('en-US')} ms</text>`;
  return `<svg class="timeline" role="img" aria-label="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${laneLabels}${rects}${axis}</svg>`;
}
