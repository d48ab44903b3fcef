// Sankey between flow dimensions in SVG, one titled column per dimension; hovering a band names
// both ends and its volume; clicking a node adds its value to the filter, a band both ends.
import { SERIES_COLOURS } from '../charts/scale.js';
import { sankeyLayout, type SankeyInput } from './sankey-layout.js';

export function SankeyChart({ data, format, onPick, onPickBand }: { data: SankeyInput; format(v: number): string; onPick(dimension: string, value: string): void; onPickBand?(key: Record<string, string>): void }) {
  const width = 900;
  const height = Math.max(200, Math.min(600, data.nodes.length * 18));
  const labelRoom = 140;
  const head = 18;
  const { nodes, bands, columns } = sankeyLayout(data, width - labelRoom, height);
  const label = (i: number) => nodes.find((n) => n.index === i)?.label ?? '';
  return (
    <svg className="sankey" viewBox={`0 0 ${width} ${height + head}`} role="img" aria-label={`Sankey: ${columns.join(' → ')}`} data-testid="sankey">
      {columns.map((c, i) => (
        <text key={c} className="sankey-column" x={i === 0 ? 0 : i === columns.length - 1 ? width - labelRoom + 14 : (i * (width - labelRoom - 14)) / (columns.length - 1)} y={12} textAnchor={i === columns.length - 1 && columns.length > 1 ? 'end' : 'start'}>
          {c}
        </text>
      ))}
      <g transform={`translate(0 ${head})`}>
      {bands.map((b, i) => (
        <path key={i} d={b.path} strokeWidth={b.width} stroke={SERIES_COLOURS[(nodes.find((n) => n.index === b.source)?.column ?? 0) % SERIES_COLOURS.length]} fill="none" opacity={0.35} className="sankey-band" onClick={() => onPickBand?.({ [data.nodes[b.source]!.dimension]: label(b.source), [data.nodes[b.target]!.dimension]: label(b.target) })}>
          <title>
            {label(b.source)} → {label(b.target)}: {format(b.value)}
          </title>
        </path>
      ))}
      {nodes.map((n) => (
        <g key={n.index} className="sankey-node" onClick={() => onPick(data.nodes[n.index]!.dimension, n.label)}>
          <rect x={n.x} y={n.y} width={14} height={n.height} fill={SERIES_COLOURS[n.column % SERIES_COLOURS.length]}>
            <title>
              {data.nodes[n.index]!.dimension} = {n.label}: {format(n.value)} (click to filter)
            </title>
          </rect>
          {n.height >= 9 && (
            <text x={n.x + 18} y={n.y + n.height / 2 + 4}>
              {n.label}
            </text>
          )}
        </g>
      ))}
      </g>
    </svg>
  );
}
