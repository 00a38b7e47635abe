import type { TurnRecord } from '@mimo-agents/runner';
import { escapeHtml } from './html.js';

/** Tokens per turn as small stacked bars (uncached input, cached input, output), cost in each bar's title. */
export function renderUsageChart(turns: readonly TurnRecord[]): string {
  if (turns.length === 0) return '';
  const height = 90;
  const barWidth = 18;
  const gap = 8;
  const width = turns.length * (barWidth + gap) + gap;
  const max = Math.max(1, ...turns.map((t) => t.usage.inputTokens + t.usage.outputTokens));
  const scale = (height - 16) / max;
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
      const cost = t.cost === undefined ? '' : `, $${t.cost.total.toFixed(5)}`;
      const title = `turn ${t.turn}: ${t.usage.inputTokens} in (${t.usage.cachedTokens} cached), ${t.usage.outputTokens} out (${t.usage.reasoningTokens} reasoning)${cost}`;
      return `<g><title>${escapeHtml(title)}</title>${rects}<text x="${x + 4}" y="${height - 2}" fill="#5b6475">${t.turn}</text></g>`;
    })
    .join('');
  return `<svg class="usage-chart" role="img" aria-label="tokens per turn" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars}</svg>`;
}
