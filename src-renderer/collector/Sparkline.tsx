// A tiny inline rate chart (SVG polyline) for a table cell: the shape of an exporter's last
// minute at a glance. Scaled to its own maximum; a flat line at the bottom means silence.
export function Sparkline({ values, width = 90, height = 18, label }: { values: number[]; width?: number; height?: number; label: string }) {
  if (values.length < 2) return <span className="muted small">—</span>;
  const max = Math.max(...values, 1e-9);
  const step = width / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={width} height={height} role="img" aria-label={label} data-last={values.at(-1)}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.2} />
    </svg>
  );
}
