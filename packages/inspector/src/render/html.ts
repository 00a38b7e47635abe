import { redactValue } from '@mimo-agents/core';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * A count or duration as the page shows it: a finite number, or `?` for anything else (a state's
 * numbers are checked when it is loaded; this keeps a wrong type from ever reaching the page as markup).
 */
export function formatNumber(value: unknown, locale = false): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '?';
  return locale ? value.toLocaleString('en-US') : String(value);
}

/** Text as the page shows it: API keys redacted (core's redaction, as in the logs), then escaped. */
export function safeText(text: string, secrets: readonly string[]): string {
  return escapeHtml(String(redactValue(text, secrets)));
}

/** A block of possibly long text, folded in a `<details>` past `foldAt` characters. */
export function foldable(label: string, text: string, secrets: readonly string[], foldAt = 400): string {
  const body = `<pre>${safeText(text, secrets)}</pre>`;
  if (text.length <= foldAt)
    return `<div class="block"><span class="label">${escapeHtml(label)}</span>${body}</div>`;
  return `<details class="block"><summary>${escapeHtml(label)} (${text.length.toLocaleString('en-US')} chars)</summary>${body}</details>`;
}

/** A whole page: the shared style, a header and the little script that listens for live updates. */
export function layout(title: string, source: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><header><a href="/">mimo-agents inspector</a><span class="src">${escapeHtml(source)}</span><span id="live" class="live">live</span></header>
<main>${body}</main><script src="/static/live.js" defer></script></body></html>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center}
header a{color:#fff;font-weight:600;text-decoration:none}.src{opacity:.7;font-size:12px}
.live{margin-left:auto;font-size:12px;opacity:.5}.live.on{opacity:1;color:#7ee2a8}
main{padding:16px}table{border-collapse:collapse;width:100%;background:#fff}
th,td{padding:4px 8px;border-bottom:1px solid #e3e6eb;text-align:left;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.status{padding:1px 6px;border-radius:8px;font-size:12px;background:#e3e6eb}
.s-running{background:#d6e9ff}.s-completed{background:#d4f5df}.s-failed,.s-damaged{background:#ffd9d6}
.s-aborted,.s-max_turns,.s-incomplete,.s-stopped{background:#fff1c2}
.decide{display:flex;gap:8px;align-items:center;margin-top:4px}.decide form{display:inline-flex;gap:4px}
form.filters{display:flex;gap:8px;margin-bottom:8px}.pager{margin:8px 0;display:flex;gap:12px}
pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #e3e6eb;padding:6px;margin:2px 0;max-height:30em;overflow:auto}
.block{margin:4px 0}.label{font-size:12px;color:#5b6475}.error{background:#fff0ef;border:1px solid #f3b4ae;padding:8px}
.turn{background:#fff;border:1px solid #e3e6eb;margin:8px 0;padding:8px}.badge{font-size:12px;background:#fff1c2;padding:1px 6px;border-radius:8px;margin-left:6px}
svg text{font:11px system-ui,sans-serif}.estimated{color:#8a6d00}.subrun{margin:4px 0 4px 12px;padding:4px 8px;border-left:3px solid #7a4cc2;background:#f7f3fc}
.badge.subruns,.badge.handoff,.badge.subrun-of{background:#ece3f8}tr.sub-run td:first-child{padding-left:20px}
.badge.awaiting{background:#ffe0b8}.path{font-size:12px;color:#7a4cc2;margin-right:6px}.bar-agent-tool rect{stroke:#7a4cc2;stroke-width:2}`;
