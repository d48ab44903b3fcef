// Time ranges as engineers give them (ntopng/Grafana style): a preset relative to now ("1h",
// "24h", "7d"), or an absolute from–to. Kept in the URL as `from`/`to` ("now-1h"/"now", or ISO
// times) so a shared link shows the same window. Step back/forward moves by the range's width;
// zoom narrows to a fraction of it (a drag on a chart).

export interface TimeRange {
  /** Either "now-<duration>" / "now", or an ISO time. */
  from: string;
  to: string;
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

export const PRESETS: { label: string; from: string }[] = [
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last hour', from: 'now-1h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 7 days', from: 'now-7d' },
  { label: 'Last 30 days', from: 'now-30d' },
];

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "15m" → 900000; null when not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)\s*$/.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : null;
}

/** One end of a range to epoch ms: "now", "now-1h", an ISO time, or a local "YYYY-MM-DD HH:MM". */
export function resolveTime(text: string, nowMs: number): number {
  const t = text.trim();
  if (t === 'now') return nowMs;
  const rel = /^now\s*-\s*(.+)$/.exec(t);
  if (rel) {
    const d = parseDuration(rel[1]!);
    if (d === null) throw new Error(`time: "${text}" — after "now-" give a duration such as 15m, 1h, 7d`);
    return nowMs - d;
  }
  const ms = Date.parse(t.includes(' ') && !t.includes('T') ? t.replace(' ', 'T') : t);
  if (!Number.isFinite(ms)) throw new Error(`time: "${text}" is not a time; use now, now-1h, or 2026-11-24T10:00:00Z`);
  return ms;
}

export function resolveRange(range: TimeRange, nowMs = Date.now()): ResolvedRange {
  const fromMs = resolveTime(range.from, nowMs);
  const toMs = resolveTime(range.to, nowMs);
  if (!(toMs > fromMs)) throw new Error(`time: the range ends (${new Date(toMs).toISOString()}) before it starts (${new Date(fromMs).toISOString()})`);
  return { fromMs, toMs };
}

export function isLive(range: TimeRange): boolean {
  return range.to.trim() === 'now';
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Moves the window by its own width (direction −1 back, +1 forward); never past now. */
export function stepRange(range: TimeRange, direction: -1 | 1, nowMs = Date.now()): TimeRange {
  const { fromMs, toMs } = resolveRange(range, nowMs);
  const width = toMs - fromMs;
  const to = Math.min(nowMs, toMs + direction * width);
  if (direction > 0 && to >= nowMs) return { from: `now-${formatDuration(width)}`, to: 'now' };
  return { from: iso(to - width), to: iso(to) };
}

/** Narrows to [a, b] given as fractions 0..1 of the current window (a drag on a chart). */
export function zoomRange(range: TimeRange, a: number, b: number, nowMs = Date.now()): TimeRange {
  const { fromMs, toMs } = resolveRange(range, nowMs);
  const [lo, hi] = [Math.max(0, Math.min(a, b)), Math.min(1, Math.max(a, b))];
  const width = toMs - fromMs;
  const from = fromMs + lo * width;
  const to = fromMs + hi * width;
  return { from: iso(Math.round(from)), to: iso(Math.round(Math.max(to, from + 1000))) };
}

/** Widens the window `factor` times around its middle (ntopng's zoom out); a window reaching now stays live. */
export function zoomOutRange(range: TimeRange, factor = 2, nowMs = Date.now()): TimeRange {
  const { fromMs, toMs } = resolveRange(range, nowMs);
  const width = (toMs - fromMs) * factor;
  const to = Math.min(nowMs, (fromMs + toMs) / 2 + width / 2);
  if (isLive(range) || to >= nowMs) return { from: `now-${formatDuration(Math.round(width / 1000) * 1000)}`, to: 'now' };
  return { from: iso(Math.round(to - width)), to: iso(Math.round(to)) };
}

/** 3600000 → "1h", 5400000 → "90m": the largest unit that divides exactly. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.max(1, Math.round(ms / 1000))}s`;
}

/** Bucket size giving about `buckets` points over the range, rounded to a readable step. */
export function stepFor(range: ResolvedRange, buckets = 120): number {
  const raw = (range.toMs - range.fromMs) / buckets;
  const steps = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);
  return steps.find((s) => s >= raw) ?? 86_400_000;
}

/** At most this many buckets in a series, whatever step is picked (a 1 s step over a week is not drawable). */
export const MAX_BUCKETS = 3000;

/** The series' bucket size in ms: "auto" (about 120 points), or the picked step widened to whole seconds when it would give more than MAX_BUCKETS. */
export function seriesStepMs(range: ResolvedRange, step: string): number {
  const picked = step === 'auto' ? null : parseDuration(step);
  if (!picked) return stepFor(range);
  return Math.max(picked, Math.ceil((range.toMs - range.fromMs) / MAX_BUCKETS / 1000) * 1000);
}

export function describeRange(range: TimeRange): string {
  const preset = PRESETS.find((p) => p.from === range.from && range.to === 'now');
  if (preset) return preset.label;
  return `${range.from} → ${range.to}`;
}
