// The topology drawing for reports: nodes at their coordinates (geography or layout), links
// coloured by utilisation with the same bands the live view uses, failed links dashed. Inline
// SVG, so the drawing is embedded in the HTML file and prints sharp in the PDF.
import { coord, escapeMarkup } from './markup.js';
import type { TopologyDrawing } from './model.js';
import { formatPercent } from './value-format.js';

export const UTILISATION_BANDS: { upTo: number; colour: string; label: string }[] = [
  { upTo: 0.5, colour: '#2e9e44', label: '< 50 %' },
  { upTo: 0.8, colour: '#e0b000', label: '50–80 %' },
  { upTo: 1.0, colour: '#f07000', label: '80–100 %' },
  { upTo: Infinity, colour: '#d01010', label: '≥ 100 %' },
];
const UNKNOWN_COLOUR = '#9a9a9a';

export function utilisationColour(utilisation: number | null): string {
  if (utilisation === null || !Number.isFinite(utilisation)) return UNKNOWN_COLOUR;
  return (UTILISATION_BANDS.find((b) => utilisation < b.upTo) ?? UTILISATION_BANDS[UTILISATION_BANDS.length - 1]!).colour;
}

export function topologySvg(drawing: TopologyDrawing, width = 720, height = 460): string {
  const margin = 30;
  const legendHeight = 28;
  const xs = drawing.nodes.map((n) => n.x);
  const ys = drawing.nodes.map((n) => n.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  // One scale for both axes keeps geography undistorted.
  const scale = Math.min((width - 2 * margin) / spanX, (height - legendHeight - 2 * margin) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - legendHeight - spanY * scale) / 2;
  const pos = new Map(drawing.nodes.map((n) => [n.id, { x: offX + (n.x - minX) * scale, y: offY + (n.y - minY) * scale }]));
  const labelled = drawing.nodes.length <= 60;

  const parts: string[] = [];
  parts.push(`<svg class="chart topology" id="chart-${escapeMarkup(drawing.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeMarkup(drawing.title)}">`);
  parts.push(`<title>${escapeMarkup(drawing.title)}</title>`);
  for (const link of drawing.links) {
    const a = pos.get(link.a);
    const b = pos.get(link.b);
    if (!a || !b) continue;
    const colour = link.down ? '#000' : utilisationColour(link.utilisation);
    const tip = `${link.label ?? link.id}: ${link.down ? 'down' : link.utilisation === null || !Number.isFinite(link.utilisation) ? 'capacity unknown' : formatPercent(link.utilisation)}`;
    parts.push(
      `<line class="link" data-link="${escapeMarkup(link.id)}" data-utilisation="${link.utilisation ?? ''}" x1="${coord(a.x)}" y1="${coord(a.y)}" x2="${coord(b.x)}" y2="${coord(b.y)}" stroke="${colour}" stroke-width="${link.down ? 1.5 : 3}"${link.down ? ' stroke-dasharray="5 4"' : ''}><title>${escapeMarkup(tip)}</title></line>`,
    );
  }
  for (const node of drawing.nodes) {
    const p = pos.get(node.id)!;
    parts.push(`<circle class="node" data-node="${escapeMarkup(node.id)}" cx="${coord(p.x)}" cy="${coord(p.y)}" r="4.5" fill="#fff" stroke="#222" stroke-width="1.5"><title>${escapeMarkup(node.label)}</title></circle>`);
    if (labelled) parts.push(`<text x="${coord(p.x + 6)}" y="${coord(p.y - 6)}" font-family="system-ui, sans-serif" font-size="10" fill="#222">${escapeMarkup(node.label)}</text>`);
  }
  let lx = margin;
  const ly = height - 10;
  for (const band of [...UTILISATION_BANDS.map((b) => ({ colour: b.colour, label: b.label })), { colour: UNKNOWN_COLOUR, label: 'capacity unknown' }]) {
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="18" height="6" fill="${band.colour}"/><text x="${lx + 22}" y="${ly - 2}" font-family="system-ui, sans-serif" font-size="11" fill="#222">${escapeMarkup(band.label)}</text>`);
    lx += 34 + band.label.length * 6.5;
  }
  parts.push('</svg>');
  return parts.join('');
}
