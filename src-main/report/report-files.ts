// Writing a rendered report to disk: one file at the path given, or — for CSV with several
// tables — one file per table beside it (`plan.csv` → `plan-top-sources.csv` …) or inside a
// directory when the path is one. Returns where each file went.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ReportFile } from './generate.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function reportFilePaths(files: ReportFile[], output: string): string[] {
  const toDir = isDirectory(output) || /[\\/]$/.test(output);
  if (toDir) return files.map((f) => join(output, f.name));
  if (files.length === 1) return [output];
  const ext = extname(output) || '.csv';
  const stem = join(dirname(output), basename(output, extname(output)));
  return files.map((f) => `${stem}-${f.table ?? f.name.replace(/\.[^.]+$/, '')}${ext}`);
}

export function writeReportFiles(files: ReportFile[], output: string): string[] {
  const paths = reportFilePaths(files, output);
  files.forEach((f, i) => {
    const path = paths[i]!;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    } catch (error) {
      throw new Error(`report: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  });
  return paths;
}
