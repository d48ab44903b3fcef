// Checks shared by the report tests: external references in HTML, CSV tables against the model.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseCsv } from '../../../src-main/report/csv.js';
import type { Table } from '../../../src-main/report/model.js';

/** Every way an HTML file could reach the network: src/href/srcset/action/poster with a URL, CSS url()/@import, scripts, meta refresh. */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:src|href|srcset|action|poster|data|xlink:href|formaction)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\/[^"'\s>]*/gi,
    /\b(?:src|href)\s*=\s*["']?\s*(?:https?|ftp|file):[^"'\s>]*/gi,
    /@import\b[^;]*/gi,
    /url\(\s*["']?\s*(?!#|data:)[^)]*\)/gi,
    /<script\b/gi,
    /<link\b[^>]*>/gi,
    /<iframe\b|<object\b|<embed\b/gi,
    /http-equiv\s*=\s*["']?refresh/gi,
  ];
  for (const p of patterns) for (const m of html.matchAll(p)) found.push(m[0]);
  return found;
}

/** The CSV text of a table parsed back equals the table's rows (numbers exactly, text as written). */
export function expectCsvMatchesTable(csv: string, table: Table): string[][] {
  const rows = parseCsv(csv);
  expect(rows[0]).toEqual(table.columns.map((c) => c.key));
  expect(rows.length - 1).toBe(table.rows.length);
  table.rows.forEach((row, i) => {
    table.columns.forEach((c, j) => {
      const cell = rows[i + 1]![j]!;
      const v = row[c.key] ?? null;
      if (v === null) expect(cell).toBe('');
      else if (typeof v === 'number') expect(Number(cell)).toBe(v);
      else expect(cell.replace(/^'/, '')).toBe(v);
    });
  });
  return rows;
}

/** Values of one column of a CSV by header key. */
export function csvColumn(rows: string[][], key: string): string[] {
  const j = rows[0]!.indexOf(key);
  if (j < 0) throw new Error(`no column ${key} in ${rows[0]!.join(',')}`);
  return rows.slice(1).map((r) => r[j]!);
}

/** Page count from pdfinfo. */
export function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
}

/** Renders every page to greyscale PGM and returns, per page, the share of pixels that are not paper-white. */
export function pageInk(file: string, dir: string): number[] {
  execFileSync('pdftoppm', ['-r', '30', '-gray', file, join(dir, 'page')]);
  return readdirSync(dir)
    .filter((f) => f.startsWith('page') && f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const buf = readFileSync(join(dir, f));
      // P5 header: magic, width, height, maxval, then one byte per pixel.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.toString('latin1', 0, 64))!;
      const pixels = buf.subarray(header[0].length);
      let ink = 0;
      for (const p of pixels) if (p < 235) ink++;
      return ink / pixels.length;
    });
}

