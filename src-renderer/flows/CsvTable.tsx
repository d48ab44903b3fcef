// A result table of the flows view (top-N, conversations, endpoints) as Wireshark's statistics
// tables work: click a column heading to sort (again to reverse), copy or save what is shown
// as CSV, in the order shown. Cells render through the caller (click-to-filter links).
import { useMemo, useState } from 'react';
import { sortRows, toCsv, type SortDirection } from './table-data.js';

export interface CsvTableProps {
  name: string;
  columns: string[];
  rows: unknown[][];
  render(col: string, v: unknown, row: unknown[]): React.ReactNode;
  /** Rows kept last whatever the sort ("Other"). */
  pinned?(row: unknown[]): boolean;
}

export function CsvTable({ name, columns, rows, render, pinned }: CsvTableProps) {
  const [copied, setCopied] = useState(false);
  const [sort, setSort] = useState<{ column: number; direction: SortDirection } | null>(null);
  const shown = useMemo(() => (sort && sort.column < columns.length ? sortRows(rows, sort.column, sort.direction, pinned) : rows), [rows, sort, pinned, columns.length]);
  const csv = () => toCsv(columns, shown);
  const sortBy = (column: number) => {
    // Numbers sort largest first on the first click (as engineers read volumes), text A→Z.
    const numeric = typeof rows.find((r) => r[column] !== null && r[column] !== undefined)?.[column] === 'number';
    const first: SortDirection = numeric ? 'desc' : 'asc';
    setSort((s) => (s?.column === column ? { column, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: first }));
  };
  return (
    <div className="csv-table">
      <div className="view-toolbar">
        <span className="muted">{rows.length.toLocaleString()} rows</span>
        <button
          onClick={async () => {
            await navigator.clipboard.writeText(csv()).then(() => setCopied(true), () => setCopied(false));
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? 'Copied' : 'Copy CSV'}
        </button>
        <button
          onClick={() => {
            const url = URL.createObjectURL(new Blob([csv()], { type: 'text/csv' }));
            const a = Object.assign(document.createElement('a'), { href: url, download: `netweaver-${name}.csv` });
            a.click();
            setTimeout(() => URL.revokeObjectURL(url), 1000);
          }}
        >
          Save CSV
        </button>
      </div>
      <table className="data-table sortable" data-testid={`table-${name}`}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th
                key={c}
                className={typeof rows[0]?.[i] === 'number' ? 'num' : undefined}
                aria-sort={sort?.column === i ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                onClick={() => sortBy(i)}
                title={`Sort by ${c}`}
              >
                {c}
                {sort?.column === i ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j} className={typeof v === 'number' ? 'num' : undefined}>
                  {render(columns[j]!, v, r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
