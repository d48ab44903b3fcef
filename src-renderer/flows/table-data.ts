// Table helpers for flow results: top-N with the rest folded into "Other" (so totals stay
// right), and CSV that spreadsheets open correctly (RFC 4180 quoting).

export interface Row {
  key: string[];
  value: number;
}

/** The `n` largest rows by value, plus one "Other" row summing the rest (when there is a rest). */
export function topNWithOther<R extends Row>(rows: readonly R[], n: number, otherKeyWidth = rows[0]?.key.length ?? 1): Row[] {
  const sorted = [...rows].sort((a, b) => b.value - a.value);
  const top: Row[] = sorted.slice(0, n);
  const rest = sorted.slice(n);
  if (rest.length) top.push({ key: Array.from({ length: otherKeyWidth }, (_, i) => (i === 0 ? 'Other' : '')), value: rest.reduce((s, r) => s + r.value, 0) });
  return top;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
