/** One printed benchmark table: a title, column headers, rows of cells and optional notes. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  notes?: string[];
}

/** Renders a table as aligned monospace text (numbers right-aligned), ready for a terminal or a doc. */
export function formatTable(table: Table): string {
  const widths = table.columns.map((column, i) =>
    Math.max(column.length, ...table.rows.map((row) => (row[i] ?? '').length)),
  );
  const numeric = table.columns.map((_, i) =>
    table.rows.every((row) => /^([-\d.,×%~<>+ ]+\S*|—)$/.test(row[i] ?? '')),
  );
  const line = (cells: string[]): string =>
    `| ${cells
      .map((cell, i) => (numeric[i] === true ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] === true ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  const out = [`### ${table.title}`, '', line(table.columns), rule, ...table.rows.map(line)];
  for (const note of table.notes ?? []) out.push('', note);
  return out.join('\n');
}

/** A number with `digits` decimals and thousands separators. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio such as `1.23×`. */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** Bytes as `12.3 KiB` / `4.5 MiB`. */
export function bytes(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${Math.round(value)} B`;
}
