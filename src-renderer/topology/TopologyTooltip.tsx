// Hover details: a device's name, role, site and degree; a link direction's load against its
// capacity, metric and interface.
import type { TopologyGraph } from './graph-model.js';
import type { HoverInfo } from './TopologyCanvas.js';
import type { TopologyData } from './topology-data.js';
import { formatBitRate, formatUtilisation } from './utilisation-bands.js';

export function TopologyTooltip({ graph, data, hover }: { graph: TopologyGraph; data: TopologyData; hover: HoverInfo }) {
  const style = { left: hover.x + 14, top: hover.y + 14 };
  if (hover.kind === 'node') {
    if (!graph.hasNode(hover.key)) return null;
    const a = graph.getNodeAttributes(hover.key);
    return (
      <div className="map-tooltip" style={style} role="tooltip" data-testid="topology-tooltip">
        <strong>{a.label}</strong>
        {a.failed && <span className="badge bad">failed</span>}
        <div className="muted">{[a.role, a.site].filter(Boolean).join(' · ') || hover.key}</div>
        <div>{a.degree} link{a.degree === 1 ? '' : 's'}</div>
      </div>
    );
  }
  if (!graph.hasEdge(hover.key)) return null;
  const e = graph.getEdgeAttributes(hover.key);
  const [s, t] = graph.extremities(hover.key);
  const link = data.links.find((l) => l.id === e.linkId);
  const dir = link?.[e.dir];
  return (
    <div className="map-tooltip" style={style} role="tooltip" data-testid="topology-tooltip">
      <strong>
        {graph.getNodeAttribute(s, 'label')} → {graph.getNodeAttribute(t, 'label')}
      </strong>
      {e.failed && <span className="badge bad">failed</span>}
      <div>
        {formatUtilisation(e.utilisation)} of {formatBitRate(e.capacity)}
        {Number.isFinite(e.rate) && ` (${formatBitRate(e.rate)})`}
      </div>
      <div className="muted">
        metric {e.metric}
        {dir?.latency ? ` · ${dir.latency} ms` : ''}
        {dir?.interface ? ` · ${dir.interface}` : ''}
      </div>
    </div>
  );
}
