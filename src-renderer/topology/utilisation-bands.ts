// Utilisation bands, as on a weathermap: each link direction is coloured by the band its
// utilisation falls in. One table for the canvas, the legend and every view that shows load.

export type BandId = 'u0' | 'u25' | 'u50' | 'u75' | 'u90' | 'over' | 'failed' | 'unknown';

export interface Band {
  id: BandId;
  label: string;
  /** Lower bound in percent (inclusive); upper bound is the next band's lower bound. */
  from: number;
  light: string;
  dark: string;
}

export const BANDS: readonly Band[] = [
  { id: 'u0', label: '0–25 %', from: 0, light: '#2da44e', dark: '#3fb950' },
  { id: 'u25', label: '25–50 %', from: 25, light: '#8ac926', dark: '#9bd33a' },
  { id: 'u50', label: '50–75 %', from: 50, light: '#d4a72c', dark: '#e3b341' },
  { id: 'u75', label: '75–90 %', from: 75, light: '#f0883e', dark: '#f0883e' },
  { id: 'u90', label: '90–100 %', from: 90, light: '#e5534b', dark: '#f85149' },
  { id: 'over', label: 'over 100 %', from: 100, light: '#8b0000', dark: '#ff7bce' },
];

export const FAILED_BAND: Band = { id: 'failed', label: 'failed', from: NaN, light: '#8c959f', dark: '#6e7681' };
export const UNKNOWN_BAND: Band = { id: 'unknown', label: 'no load / capacity unknown', from: NaN, light: '#b6bec8', dark: '#484f58' };

/**
 * The band for a utilisation given as a fraction (0.42 = 42 %). Boundaries belong to the upper
 * band (exactly 25 % is "25–50 %"), except that exactly 100 % is still "90–100 %": a link at
 * line rate is full, not over. NaN (capacity unknown, or no load data) is its own band.
 */
export function bandOf(utilisation: number, failed = false): Band {
  if (failed) return FAILED_BAND;
  if (!Number.isFinite(utilisation) || utilisation < 0) return UNKNOWN_BAND;
  const percent = utilisation * 100;
  if (percent > 100) return BANDS[5]!;
  for (let i = BANDS.length - 2; i >= 0; i--) if (percent >= BANDS[i]!.from) return BANDS[i]!;
  return BANDS[0]!;
}

export function bandColour(band: Band, theme: 'light' | 'dark'): string {
  return theme === 'dark' ? band.dark : band.light;
}

/** "42.0 %", "—" when unknown; one decimal below 10 % so small loads are not shown as 0. */
export function formatUtilisation(utilisation: number): string {
  if (!Number.isFinite(utilisation)) return '—';
  const p = utilisation * 100;
  return `${p < 10 ? p.toFixed(1) : Math.round(p)} %`;
}

/** Rates as engineers read them: bit/s with SI prefixes (10 Gb/s, 512 kb/s). */
export function formatBitRate(bps: number): string {
  if (!Number.isFinite(bps)) return '—';
  const units = ['b/s', 'kb/s', 'Mb/s', 'Gb/s', 'Tb/s', 'Pb/s'];
  let v = Math.abs(bps);
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = v >= 100 || i === 0 ? 0 : v >= 10 ? 1 : 2;
  return `${bps < 0 ? '-' : ''}${Number(v.toFixed(digits))} ${units[i]}`;
}

/**
 * Edge width in pixels from capacity: logarithmic, so a 100G core link is visibly thicker
 * than a 1G access link without 400G links swallowing the map. Unknown capacity draws thin.
 */
export function widthForCapacity(bps: number): number {
  if (!Number.isFinite(bps) || bps <= 0) return 0.8;
  const w = 0.8 + (Math.log10(bps) - 6) * 0.75; // 1 Mb/s → 0.8 px, 10 Gb/s → 3.8 px
  return Math.min(6, Math.max(0.8, w));
}
