// A time-series chart in plain SVG: lines, stacked areas, or a band (lower–upper) behind
// lines; hover shows the values at the nearest time; dragging across the plot selects a
// window and reports it (zoom). Small on purpose: the views need a few series, not a library.
import { useMemo, useRef, useState } from 'react';
import { formatCompact, formatTimeTick, linearScale, niceTicks, SERIES_COLOURS, timeTicks } from './scale.js';

export interface ChartSeries {
  name: string;
  /** Values aligned with `times`; NaN for a gap. */
  values: ArrayLike<number>;
  colour?: string;
  dashed?: boolean;
  /** false: the legend entry is not a button even when the chart has onPickSeries ("Other"). */
  pickable?: boolean;
}

export interface ChartBand {
  name: string;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  colour?: string;
}

export interface TimeChartProps {
  times: ArrayLike<number>;
  series: ChartSeries[];
  stacked?: boolean;
  band?: ChartBand;
  height?: number;
  yLabel?: string;
  formatValue?(v: number): string;
  /** Called with the dragged time window [fromMs, toMs]. */
  onZoom?(fromMs: number, toMs: number): void;
  /** Marked time spans (anomalies), drawn as shaded columns. */
  marks?: { fromMs: number; toMs: number; label: string }[];
  testId?: string;
  /** The x range to draw (the query's window), when it is wider than the data's first and last time. */
  domain?: [number, number];
  /** Makes each legend entry a button (click-to-filter on a series). */
  onPickSeries?(index: number): void;
  /** For a numeric x axis (epochs …): tick labels from x values; ticks then follow 1-2-5 steps. */
  formatX?(v: number): string;
}

const M = { top: 10, right: 16, bottom: 24, left: 56 };

export function TimeChart({ times, series, stacked, band, height = 240, yLabel, formatValue = formatCompact, onZoom, marks, testId, formatX, onPickSeries, domain }: TimeChartProps) {
  const width = 900;
  const svg = useRef<SVGSVGElement>(null);
  const [hoverX, setHoverX] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const n = times.length;

  const layers = useMemo(() => {
    // Stacked: each series sits on the sum of those before it.
    const base = new Float64Array(n);
    return series.map((s) => {
      const lo = Float64Array.from(base);
      const hi = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = Number.isFinite(s.values[i]!) ? s.values[i]! : 0;
        hi[i] = stacked ? base[i]! + v : s.values[i]!;
        if (stacked) base[i] = hi[i]!;
      }
      return { lo, hi };
    });
  }, [series, stacked, n]);

  if (n === 0) return <div className="chart-empty muted">No data in this range.</div>;
  const t0 = Math.min(times[0]!, domain?.[0] ?? Infinity);
  const last = Math.max(times[n - 1]!, domain?.[1] ?? -Infinity);
  const t1 = last > t0 ? last : t0 + 1;
  let yMax = 0;
  let yMin = 0;
  const include = (hi: number, lo: number) => {
    if (!Number.isFinite(hi)) return;
    yMax = Math.max(yMax, hi);
    yMin = Math.min(yMin, lo);
  };
  for (const l of layers) for (let i = 0; i < n; i++) include(l.hi[i]!, l.hi[i]!);
  if (band) for (let i = 0; i < n; i++) include(band.upper[i]!, band.lower[i]!);
  if (yMax === yMin) yMax = yMin + 1;
  const x = linearScale([t0, t1], [M.left, width - M.right]);
  const yt = niceTicks(yMin, yMax, 4);
  const y = linearScale([Math.min(yMin, yt[0]!), Math.max(yMax, yt[yt.length - 1]!)], [height - M.bottom, M.top]);

  const path = (vals: ArrayLike<number>) => {
    let d = '';
    let pen = false;
    for (let i = 0; i < n; i++) {
      const v = vals[i]!;
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${x(times[i]!).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    }
    return d;
  };
  // One closed shape per run of points where both edges are known, so a band that covers only
  // part of the chart (a forecast after the actuals) is not dragged down to zero elsewhere.
  const area = (lo: ArrayLike<number>, hi: ArrayLike<number>) => {
    let d = '';
    for (let start = 0; start < n; ) {
      if (!Number.isFinite(lo[start]!) || !Number.isFinite(hi[start]!)) {
        start++;
        continue;
      }
      let end = start;
      while (end + 1 < n && Number.isFinite(lo[end + 1]!) && Number.isFinite(hi[end + 1]!)) end++;
      for (let i = start; i <= end; i++) d += `${i === start ? 'M' : 'L'}${x(times[i]!).toFixed(1)},${y(hi[i]!).toFixed(1)}`;
      for (let i = end; i >= start; i--) d += `L${x(times[i]!).toFixed(1)},${y(lo[i]!).toFixed(1)}`;
      d += 'Z';
      start = end + 1;
    }
    return d;
  };
  const toSvgX = (clientX: number) => {
    const r = svg.current!.getBoundingClientRect();
    return ((clientX - r.left) / r.width) * width;
  };
  const nearest = hoverX === null ? -1 : nearestIndex(times, x.invert(hoverX));
  const colour = (i: number) => series[i]!.colour ?? SERIES_COLOURS[i % SERIES_COLOURS.length]!;

  return (
    <div className="time-chart" data-testid={testId}>
      <svg
        ref={svg}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${yLabel ?? 'values'} over time`}
        onMouseMove={(e) => {
          const px = toSvgX(e.clientX);
          setHoverX(px);
          if (drag) setDrag({ ...drag, b: px });
        }}
        onMouseLeave={() => (setHoverX(null), setDrag(null))}
        onMouseDown={(e) => onZoom && setDrag({ a: toSvgX(e.clientX), b: toSvgX(e.clientX) })}
        onMouseUp={() => {
          if (drag && onZoom && Math.abs(drag.b - drag.a) > 6) {
            const [a, b] = [x.invert(Math.min(drag.a, drag.b)), x.invert(Math.max(drag.a, drag.b))];
            onZoom(Math.max(t0, a), Math.min(t1, b));
          }
          setDrag(null);
        }}
      >
        {yt.map((v) => (
          <g key={v} className="grid">
            <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end">{formatValue(v)}</text>
          </g>
        ))}
        {(formatX ? niceTicks(t0, t1, 6) : timeTicks(t0, t1)).map((t) => (
          <text key={t} className="tick" x={x(t)} y={height - 6} textAnchor={x(t) > width - M.right - 30 ? 'end' : 'middle'}>{formatX ? formatX(t) : formatTimeTick(t, t1 - t0)}</text>
        ))}
        {marks?.map((m, i) => (
          <rect key={i} className="mark" x={x(Math.max(t0, m.fromMs))} width={Math.max(2, x(Math.min(t1, m.toMs)) - x(Math.max(t0, m.fromMs)))} y={M.top} height={height - M.top - M.bottom}>
            <title>{m.label}</title>
          </rect>
        ))}
        {band && <path className="band" d={area(band.lower, band.upper)} fill={band.colour ?? '#4e79a7'} data-series={band.name} />}
        {layers.map((l, i) =>
          stacked ? (
            <path key={i} d={area(l.lo, l.hi)} fill={colour(i)} opacity={0.85} stroke={colour(i)} strokeWidth={0.5} data-series={series[i]!.name} />
          ) : (
            <path key={i} d={path(l.hi)} fill="none" stroke={colour(i)} strokeWidth={1.6} strokeDasharray={series[i]!.dashed ? '5 4' : undefined} data-series={series[i]!.name} />
          ),
        )}
        {drag && <rect className="brush" x={Math.min(drag.a, drag.b)} width={Math.abs(drag.b - drag.a)} y={M.top} height={height - M.top - M.bottom} />}
        {nearest >= 0 && <line className="cursor" x1={x(times[nearest]!)} x2={x(times[nearest]!)} y1={M.top} y2={height - M.bottom} />}
      </svg>
      <div className="chart-legend">
        {band && (
          <span>
            <i style={{ background: band.colour ?? '#4e79a7', opacity: 0.3 }} /> {band.name}
          </span>
        )}
        {series.map((s, i) => (
          <span key={s.name}>
            <i style={{ background: colour(i) }} />{' '}
            {onPickSeries && s.pickable !== false ? (
              <button className="link-button" title={`Add ${s.name} to the filter`} onClick={() => onPickSeries(i)}>
                {s.name}
              </button>
            ) : (
              s.name
            )}
            {nearest >= 0 && Number.isFinite(s.values[nearest]!) && <b> {formatValue(s.values[nearest]!)}</b>}
          </span>
        ))}
        {nearest >= 0 && <span className="muted">{formatX ? formatX(times[nearest]!) : new Date(times[nearest]!).toISOString().replace('T', ' ').replace('.000Z', ' UTC')}</span>}
      </div>
    </div>
  );
}

export function nearestIndex(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid;
    else hi = mid;
  }
  return Math.abs(times[lo]! - t) <= Math.abs(times[hi]! - t) ? lo : hi;
}
