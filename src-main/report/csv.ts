// The CSV renderer: one RFC 4180 file per report table (header = column keys, raw values: bytes
// in bytes, rates in bit/s, utilisation as a fraction, times as ISO-8601 UTC), so a spreadsheet
// or a script gets the numbers the report was drawn from, not their rounded display form.
import type { CellValue, Report, Table, TableColumn } from './model.js';
import { reportTables } from './model.js';

function csvField(value: CellValue, column: TableColumn): string {
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return '';
  let text = typeof value === 'number' ? String(value) : value;
  // Text that a spreadsheet would run as a formula (hostnames, interface descriptions from the
  // network are untrusted) is prefixed with an apostrophe.
  if (typeof value === 'string' && column.kind === 'text' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.key, { ...c, kind: 'text' })).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(row[c.key] ?? null, c)).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Every table of the report: `{ id, csv }` in document order. */
export function renderCsvTables(report: Report): { id: string; title: string; csv: string }[] {
  return reportTables(report).map((t) => ({ id: t.id, title: t.title, csv: tableCsv(t) }));
}

/** Reads CSV written by tableCsv back (quoted fields, doubled quotes, CRLF) — for checks and re-imports. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
