// The side panel for what was clicked: a device with its interfaces (each direction's
// capacity, metric and load) and neighbours, or a link with both directions side by side.
import { DeviceTopFlows } from './DeviceTopFlows.js';
import type { TopologyGraph } from './graph-model.js';
import type { TopologyData, TopologyLinkData } from './topology-data.js';
import { bandColour, bandOf, formatBitRate, formatUtilisation } from './utilisation-bands.js';

export type Selection = { kind: 'node'; id: string } | { kind: 'link'; id: string };

interface Props {
  graph: TopologyGraph;
  data: TopologyData;
  selection: Selection;
  onClose(): void;
  onSelectNode(id: string): void;
}

function LoadCell({ graph, edgeKey }: { graph: TopologyGraph; edgeKey: string }) {
  if (!graph.hasEdge(edgeKey)) return <td>—</td>;
  const e = graph.getEdgeAttributes(edgeKey);
  const band = bandOf(e.utilisation, e.failed);
  return (
    <td>
      <span className="swatch" style={{ background: bandColour(band, 'light') }} /> {e.failed ? 'failed' : formatUtilisation(e.utilisation)}
    </td>
  );
}

export function TopologySidePanel({ graph, data, selection, onClose, onSelectNode }: Props) {
  const nodeName = (id: string) => (graph.hasNode(id) ? graph.getNodeAttribute(id, 'label') : id);
  let body;
  if (selection.kind === 'node') {
    const node = data.nodes.find((n) => n.id === selection.id);
    if (!node) body = <p>Device “{selection.id}” is not in this topology.</p>;
    else {
      const links = data.links.filter((l) => l.a === node.id || l.b === node.id);
      body = (
        <>
          <h2>{node.name}</h2>
          <dl>
            <dt>id</dt>
            <dd>{node.id}</dd>
            {node.role && (<><dt>role</dt><dd>{node.role}</dd></>)}
            {node.site && (<><dt>site</dt><dd>{node.site}</dd></>)}
            {Number.isFinite(node.lat) && (<><dt>position</dt><dd>{node.lat!.toFixed(3)}, {node.lon!.toFixed(3)}</dd></>)}
            {node.addresses?.length ? (<><dt>addresses</dt><dd>{node.addresses.join(', ')}</dd></>) : null}
          </dl>
          <h3>Interfaces ({links.length})</h3>
          <table className="data-table compact">
            <thead>
              <tr><th>to</th><th>interface</th><th>capacity</th><th>metric</th><th>out</th><th>in</th></tr>
            </thead>
            <tbody>
              {links.map((l) => {
                const out = l.a === node.id ? 'ab' : 'ba';
                const dir = out === 'ab' ? l.ab : l.ba;
                const peer = l.a === node.id ? l.b : l.a;
                return (
                  <tr key={l.id}>
                    <td><button className="link-button" onClick={() => onSelectNode(peer)}>{nodeName(peer)}</button></td>
                    <td>{dir?.interface ?? '—'}</td>
                    <td>{dir ? formatBitRate(dir.capacity) : '—'}</td>
                    <td>{dir?.metric ?? '—'}</td>
                    <LoadCell graph={graph} edgeKey={`${l.id}:${out}`} />
                    <LoadCell graph={graph} edgeKey={`${l.id}:${out === 'ab' ? 'ba' : 'ab'}`} />
                  </tr>
                );
              })}
            </tbody>
          </table>
          <DeviceTopFlows node={node} />
        </>
      );
    }
  } else {
    const link = data.links.find((l) => l.id === selection.id);
    body = link ? <LinkDetails graph={graph} link={link} nodeName={nodeName} onSelectNode={onSelectNode} /> : <p>Link “{selection.id}” is not in this topology.</p>;
  }
  return (
    <aside className="side-panel" aria-label="Selection details" data-testid="topology-panel">
      <button className="close" onClick={onClose} aria-label="Close details">×</button>
      {body}
    </aside>
  );
}

function LinkDetails({ graph, link, nodeName, onSelectNode }: { graph: TopologyGraph; link: TopologyLinkData; nodeName(id: string): string; onSelectNode(id: string): void }) {
  const rows: ['ab' | 'ba', string, string][] = [['ab', link.a, link.b], ...(link.ba ? [['ba', link.b, link.a] as ['ba', string, string]] : [])];
  return (
    <>
      <h2>
        <button className="link-button" onClick={() => onSelectNode(link.a)}>{nodeName(link.a)}</button> —{' '}
        <button className="link-button" onClick={() => onSelectNode(link.b)}>{nodeName(link.b)}</button>
      </h2>
      <p className="muted">link {link.label ?? link.id}{link.srlgs?.length ? ` · SRLG ${link.srlgs.join(', ')}` : ''}</p>
      <table className="data-table compact">
        <thead>
          <tr><th>direction</th><th>capacity</th><th>metric</th><th>latency</th><th>load</th><th>utilisation</th></tr>
        </thead>
        <tbody>
          {rows.map(([dir, from, to]) => {
            const d = link[dir]!;
            const key = `${link.id}:${dir}`;
            const rate = graph.hasEdge(key) ? graph.getEdgeAttribute(key, 'rate') : NaN;
            return (
              <tr key={dir}>
                <td>{nodeName(from)} → {nodeName(to)}{d.interface ? ` (${d.interface})` : ''}</td>
                <td>{formatBitRate(d.capacity)}</td>
                <td>{d.metric}</td>
                <td>{d.latency} ms</td>
                <td>{formatBitRate(rate)}</td>
                <LoadCell graph={graph} edgeKey={key} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
