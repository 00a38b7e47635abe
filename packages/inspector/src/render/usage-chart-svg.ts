import type { TurnRecord } from '@mimo-agents/runner';
import { escapeHtml } from './html.js';

const COST_COLOR = '#d9822b';

/**
 * Tokens per turn as small stacked bars (uncached input, cached input, output) and, when the run was
 * priced, each turn's cost as a mark joined by a line on its own scale (the top is the dearest turn).
 */
export function renderUsageChart(turns: readonly TurnRecord[]): string {
  if (turns.length === 0) return '';
  const height = 90;
  const top = 12;
  const barWidth = 18;
  const gap = 8;
  const width = Math.max(120, turns.length * (barWidth + gap) + gap);
  const max = Math.max(1, ...turns.map((t) => t.usage.inputTokens + t.usage.outputTokens));
  const scale = (height - 14 - top) / max;
  const maxCost = Math.max(0, ...turns.map((t) => t.cost?.total ?? 0));
  const costY = (cost: number) => height - 14 - (maxCost > 0 ? (cost / maxCost) * (height - 14 - top) : 0);
  const points: string[] = [];
  const marks: string[] = [];
  const bars = turns
    .map((t, i) => {
      const x = gap + i * (barWidth + gap);
      const parts: [number, string][] = [
        [t.usage.inputTokens - t.usage.cachedTokens, '#5b8def'],
        [t.usage.cachedTokens, '#9fbaf5'],
        [t.usage.outputTokens, '#3fae6a'],
      ];
      let y = height - 14;
      const rects = parts
        .map(([value, color]) => {
          const h = Math.max(0, value) * scale;
          y -= h;
          return `<rect x="${x}" y="${y.toFixed(1)}" width="${barWidth}" height="${h.toFixed(1)}" fill="${color}"/>`;
        })
        .join('');
      if (t.cost !== undefined) {
        const cx = (x + barWidth / 2).toFixed(1);
        const cy = costY(t.cost.total).toFixed(1);
        points.push(`${cx},${cy}`);
        marks.push(
          `<circle class="cost-mark" data-cost="${t.cost.total}" cx="${cx}" cy="${cy}" r="3" fill="${COST_COLOR}" stroke="#fff"><title>turn ${t.turn}: $${t.cost.total.toFixed(5)}</title></circle>`,
        );
      }
      const cost = t.cost === undefined ? '' : `, $${t.cost.total.toFixed(5)}`;
      const title = `turn ${t.turn}: ${t.usage.inputTokens} in (${t.usage.cachedTokens} cached), ${t.usage.outputTokens} out (${t.usage.reasoningTokens} reasoning)${cost}`;
      return `<g class="turn-usage"><title>${escapeHtml(title)}</title>${rects}<text x="${x + 4}" y="${height - 2}" fill="#5b6475">${t.turn}</text></g>`;
    })
    .join('');
  const line =
    points.length > 1
      ? `<polyline class="cost-line" points="${points.join(' ')}" fill="none" stroke="${COST_COLOR}" stroke-width="1.5"/>`
      : '';
  const legend =
    points.length > 0
      ? `<text class="cost-legend" x="${width - 2}" y="9" text-anchor="end" font-size="9" fill="${COST_COLOR}">cost, top $${maxCost.toFixed(5)}</text>`
      : '';
  const label = points.length > 0 ? 'tokens and cost per turn' : 'tokens per turn';
  // Drawn in order: the bars, the cost line over them, its marks on top.
  return `<svg class="usage-chart" role="img" aria-label="${label}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars}${line}${marks.join('')}${legend}</svg>`;
}
