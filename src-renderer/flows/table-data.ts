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

export type SortDirection = 'asc' | 'desc';

/**
 * Rows sorted on one column as a spreadsheet would: numbers numerically, text in natural order
 * ("10.0.0.9" before "10.0.0.10"), empty cells last either way; ties keep their order. Rows for
 * which `pinned` is true ("Other") stay at the end.
 */
export function sortRows<R extends readonly unknown[]>(rows: readonly R[], column: number, direction: SortDirection, pinned: (row: R) => boolean = () => false): R[] {
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
  const sign = direction === 'asc' ? 1 : -1;
  const compare = (a: unknown, b: unknown) => {
    if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
    if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
    return sign * String(a).localeCompare(String(b), 'en', { numeric: true });
  };
  const free = rows.filter((r) => !pinned(r));
  return [...free.map((r, i) => ({ r, i })).sort((x, y) => compare(x.r[column], y.r[column]) || x.i - y.i).map((x) => x.r), ...rows.filter(pinned)];
}
