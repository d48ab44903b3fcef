// How report values read in HTML and PDF: SI units for volumes and rates (network engineers'
// convention: 1 kB = 1000 B, link speeds in bit/s), UTC timestamps, percentages. CSV and JSON
// keep the raw numbers; only the human formats go through here.
import type { CellValue, ValueKind } from './model.js';

const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

function siScaled(value: number): { scaled: number; prefix: string } {
  let i = 0;
  let v = Math.abs(value);
  while (v >= 1000 && i < SI.length - 1) {
    v /= 1000;
    i++;
  }
  return { scaled: Math.sign(value) * v, prefix: SI[i] ?? '' };
}

function significant(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** 1234 → "1 234" (thin groups, no locale surprises in generated documents). */
export function groupedInteger(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = Math.round(Math.abs(value)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

export function formatBytes(value: number): string {
  if (Math.abs(value) < 1000) return `${Math.round(value)} B`;
  const { scaled, prefix } = siScaled(value);
  return `${significant(scaled)} ${prefix}B`;
}

export function formatBitsPerSecond(value: number): string {
  if (Math.abs(value) < 1000) return `${significant(value)} bit/s`;
  const { scaled, prefix } = siScaled(value);
  return `${significant(scaled)} ${prefix}bit/s`;
}

/** Fractions are stored as 0..1 (utilisation 0.83 = 83 %). */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  return `${Math.abs(pct) >= 10 ? pct.toFixed(0) : pct.toFixed(1)} %`;
}

export function formatTime(value: string | number): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '').replace(/\.\d+$/, '') + ' UTC';
}

export function formatDate(value: string | number): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toISOString().slice(0, 10);
}

export function formatValue(value: CellValue, kind: ValueKind): string {
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return '—';
  if (typeof value === 'string' && kind !== 'time' && kind !== 'date') return value;
  switch (kind) {
    case 'text':
      return String(value);
    case 'integer':
      return groupedInteger(Number(value));
    case 'number':
      return significant(Number(value));
    case 'bytes':
      return formatBytes(Number(value));
    case 'bits_per_second':
      return formatBitsPerSecond(Number(value));
    case 'percent':
      return formatPercent(Number(value));
    case 'time':
      return formatTime(value);
    case 'date':
      return formatDate(value);
  }
}

/** Axis ticks for 0..max: 4–6 "nice" steps (1, 2, 2.5, 5 × 10^n). */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(v);
  if ((ticks.at(-1) ?? 0) < max) ticks.push(ticks.length * step);
  return ticks;
}
