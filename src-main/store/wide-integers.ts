// 64- and 128-bit integer columns reach us as decimal strings (both drivers keep them exact).
// A value that fits a JavaScript number exactly becomes one; larger ones stay strings. Only
// integer-typed columns are converted: a text column that happens to hold digits stays text.

export function wideIntegerValue(value: unknown): unknown {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

export function convertWideIntegerColumns(rows: Record<string, unknown>[], columns: string[]): Record<string, unknown>[] {
  if (!columns.length) return rows;
  for (const row of rows) for (const column of columns) row[column] = wideIntegerValue(row[column]);
  return rows;
}
