// Sankey layout for flows between dimensions (e.g. exporter → protocol → dst_port): one column
// per dimension, nodes stacked by their throughput, links as bands whose width is their value.
// Pure: takes the service's nodes/links and returns rectangles and band paths in pixels.

const SANKEY_FALLBACK = ['protocol', 'dst_port', 'src_addr'];

/** The sankey's columns: the picked dimensions (distinct, up to 4), with a second one added when only one is picked. */
export function sankeyDimensions(dims: readonly string[]): string[] {
  const distinct = [...new Set(dims)].slice(0, 4);
  while (distinct.length < 2) distinct.push(SANKEY_FALLBACK.find((d) => !distinct.includes(d))!);
  return distinct;
}

export interface SankeyInput {
  nodes: { dimension: string; value: unknown }[];
  links: { source: number; target: number; value: number }[];
}

export interface SankeyNodeBox {
  index: number;
  column: number;
  x: number;
  y: number;
  height: number;
  value: number;
  label: string;
}

export interface SankeyBand {
  source: number;
  target: number;
  value: number;
  path: string;
  width: number;
}

export function sankeyLayout(input: SankeyInput, width: number, height: number, nodeWidth = 14, gap = 8): { nodes: SankeyNodeBox[]; bands: SankeyBand[]; columns: string[] } {
  const columns: string[] = [];
  for (const n of input.nodes) if (!columns.includes(n.dimension)) columns.push(n.dimension);
  const inflow = new Float64Array(input.nodes.length);
  const outflow = new Float64Array(input.nodes.length);
  for (const l of input.links) {
    outflow[l.source]! += l.value;
    inflow[l.target]! += l.value;
  }
  const value = input.nodes.map((_, i) => Math.max(inflow[i]!, outflow[i]!));
  // One scale for all columns: the fullest column fills the height, minus gaps.
  let scale = Infinity;
  columns.forEach((c) => {
    const idx = input.nodes.map((n, i) => (n.dimension === c ? i : -1)).filter((i) => i >= 0);
    const total = idx.reduce((s, i) => s + value[i]!, 0);
    if (total > 0) scale = Math.min(scale, (height - gap * Math.max(0, idx.length - 1)) / total);
  });
  if (!Number.isFinite(scale)) scale = 0;
  const colX = (c: number) => (columns.length === 1 ? 0 : (c * (width - nodeWidth)) / (columns.length - 1));
  const boxes: SankeyNodeBox[] = [];
  columns.forEach((c, ci) => {
    let y = 0;
    input.nodes
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => n.dimension === c)
      .sort((a, b) => value[b.i]! - value[a.i]!)
      .forEach(({ n, i }) => {
        const h = Math.max(1, value[i]! * scale);
        boxes[i] = { index: i, column: ci, x: colX(ci), y, height: h, value: value[i]!, label: n.value === null || n.value === undefined ? '—' : String(n.value) };
        y += h + gap;
      });
  });
  // Bands leave a node in the order of their targets' positions, so they do not cross needlessly.
  const outY = boxes.map((b) => b?.y ?? 0);
  const inY = boxes.map((b) => b?.y ?? 0);
  const bands: SankeyBand[] = [...input.links]
    .sort((a, b) => (boxes[a.target]?.y ?? 0) - (boxes[b.target]?.y ?? 0))
    .map((l) => {
      const s = boxes[l.source]!;
      const t = boxes[l.target]!;
      const w = Math.max(1, l.value * scale);
      const y0 = outY[l.source]! + w / 2;
      const y1 = inY[l.target]! + w / 2;
      outY[l.source]! += w;
      inY[l.target]! += w;
      const x0 = s.x + nodeWidth;
      const x1 = t.x;
      const mx = (x0 + x1) / 2;
      return { source: l.source, target: l.target, value: l.value, width: w, path: `M${x0},${y0}C${mx},${y0} ${mx},${y1} ${x1},${y1}` };
    });
  return { nodes: boxes.filter(Boolean), bands, columns };
}
