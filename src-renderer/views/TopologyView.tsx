// The topology area: the network drawn with utilisation colours, a legend, hover details,
// a side panel for the selected device or link, search, N-hop focus, fit and layout control.
// State that should survive a shared link (selected device, hops) lives in the URL hash.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Shortcut } from '../state/use-shortcuts.js';
import { useViewShortcuts } from '../state/view-shortcuts.js';
import { geographicPositions, hasGeography } from '../topology/geo-projection.js';
import { applyLoads, buildGraph, currentPositions, type TopologyGraph } from '../topology/graph-model.js';
import { layoutKey, loadPositions, savePositions, forgetPositions } from '../topology/layout-memory.js';
import { runForceAtlas2, type LayoutRun } from '../topology/force-layout.js';
import { adjacencyOf, neighbourhood } from '../topology/neighbourhood.js';
import { searchNodes } from '../topology/node-search.js';
import { TopologyCanvas, type HoverInfo, type TopologyCanvasHandle } from '../topology/TopologyCanvas.js';
import { TopologyLegend } from '../topology/TopologyLegend.js';
import { TopologySidePanel, type Selection } from '../topology/TopologySidePanel.js';
import { TopologyTooltip } from '../topology/TopologyTooltip.js';
import { useTopologySource } from '../topology/topology-source.js';
import type { TopologyData } from '../topology/topology-data.js';
import type { ViewProps } from './index.js';

export function TopologyView({ params, navigate, theme }: ViewProps) {
  const select = useCallback((t: string | null) => navigate('topology', t ? { topology: t } : {}), [navigate]);
  const source = useTopologySource(params.get('topology'), select);
  const data = source.data;
  return (
    <section className="topology-view" aria-label="Topology">
      <div className="view-toolbar">
        <h1>Topology</h1>
        {source.picker}
      </div>
      {source.error && (
        <div className="error-box" role="alert">
          {source.error}
        </div>
      )}
      {source.busy && <div className="muted" role="status">{source.busy}</div>}
      {data ? (
        <TopologyMap key={`${data.name}:${data.nodes.length}:${data.links.length}`} data={data} loads={source.loads} params={params} navigate={navigate} theme={theme} />
      ) : (
        !source.busy && <p className="empty-hint">{source.emptyHint}</p>
      )}
    </section>
  );
}

/** What each graph was last coloured with, so an unchanged colouring is not applied twice. */
const appliedLoads = new WeakMap<TopologyGraph, { loads: unknown; theme: string }>();

export interface MapProps extends ViewProps {
  data: TopologyData;
  loads: ReturnType<typeof useTopologySource>['loads'];
  /** The area whose URL holds the map's selection (topology, whatif). */
  viewId?: string;
  /** Edges to emphasise (a path); everything else dims. */
  pathEdges?: ReadonlySet<string> | null;
  /** When set, clicks pick instead of selecting (what-if: endpoints, failures). */
  onPickNode?(id: string): void;
  onPickLink?(linkId: string): void;
}

export function TopologyMap({ data, loads, params, navigate, theme, viewId = 'topology', pathEdges, onPickNode, onPickLink }: MapProps) {
  const canvas = useRef<TopologyCanvasHandle>(null);
  const geographic = useMemo(() => hasGeography(data), [data]);
  const key = layoutKey(data.name, data.nodes.length, data.links.length);
  const saved = useMemo(() => (geographic ? null : loadPositions(key)), [geographic, key]);
  // A source with its own drawing (x/y on most devices) is shown as drawn; no layout runs.
  const drawn = useMemo(() => !geographic && data.nodes.filter((n) => Number.isFinite(n.x) && Number.isFinite(n.y)).length >= 0.8 * data.nodes.length, [data, geographic]);
  // Theme is applied through loads/reducers; the graph is built once per topology.
  // The loads present at build time are applied before the renderer sees the graph, so the
  // first frame is not followed by a second full reindex (a large share of the first frame at 10k devices).
  const graph = useMemo<TopologyGraph>(() => {
    const g = buildGraph(data, geographic ? geographicPositions(data) : saved, theme);
    applyLoads(g, loads, theme);
    appliedLoads.set(g, { loads, theme });
    return g;
  }, [data]); // eslint-disable-line react-hooks/exhaustive-deps
  const adjacency = useMemo(() => adjacencyOf(data.links), [data]);
  const [layout, setLayout] = useState<LayoutRun | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [query, setQuery] = useState('');
  const [showHits, setShowHits] = useState(false);

  const selected: Selection | null = params.get('node') ? { kind: 'node', id: params.get('node')! } : params.get('link') ? { kind: 'link', id: params.get('link')! } : null;
  const hops = Math.max(0, Math.min(10, Number(params.get('hops') ?? 0) || 0));

  const setParams = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch)) (v === null || v === '' ? next.delete(k) : next.set(k, v));
      navigate(viewId, Object.fromEntries(next));
    },
    [params, navigate, viewId],
  );

  useEffect(() => {
    const last = appliedLoads.get(graph);
    if (last && last.loads === loads && last.theme === theme) return;
    applyLoads(graph, loads, theme);
    appliedLoads.set(graph, { loads, theme });
  }, [graph, loads, theme]);

  // Abstract networks without remembered positions get ForceAtlas2 in a web worker.
  const startLayout = useCallback(() => {
    setLayout((running) => {
      running?.stop();
      return runForceAtlas2(graph, {
        onDone: () => {
          savePositions(key, currentPositions(graph));
          setLayout(null);
        },
      });
    });
  }, [graph, key]);
  useEffect(() => {
    if (!geographic && !drawn && !saved && graph.order > 1) startLayout();
    return () => setLayout((running) => (running?.kill(), null));
  }, [graph]); // eslint-disable-line react-hooks/exhaustive-deps

  const focus = useMemo(() => {
    if (selected?.kind === 'node' && hops > 0 && graph.hasNode(selected.id)) return new Set(neighbourhood(adjacency, selected.id, hops).keys());
    return null;
  }, [selected?.kind, selected?.id, hops, adjacency, graph]);

  const hits = useMemo(() => searchNodes(data.nodes, query), [data, query]);
  const selectNode = useCallback(
    (id: string) => {
      setParams({ node: id, link: null });
      setShowHits(false);
      canvas.current?.focusNode(id);
    },
    [setParams],
  );

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { key: 'f', description: 'Topology: fit the network to the screen', run: () => canvas.current?.fit() },
      { key: '/', description: 'Topology: search devices', run: () => document.getElementById('topology-search')?.focus() },
      { key: '+', description: 'Topology: widen the neighbourhood by one hop', run: () => setParams({ hops: String(Math.min(10, hops + 1)) }) },
      { key: '-', description: 'Topology: narrow the neighbourhood by one hop', run: () => setParams({ hops: hops > 1 ? String(hops - 1) : null }) },
      { key: 'c', description: 'Topology: clear the selection', run: () => setParams({ node: null, link: null, hops: null }) },
      { key: 'l', description: 'Topology: run the force layout again', run: startLayout },
    ],
    [hops, setParams, startLayout],
  );
  useViewShortcuts(shortcuts);

  const highlightEdges = useMemo(() => {
    if (pathEdges) return pathEdges;
    if (selected?.kind !== 'link') return null;
    const keys = [`${selected.id}:ab`, `${selected.id}:ba`].filter((k) => graph.hasEdge(k));
    return keys.length ? new Set(keys) : null;
  }, [selected?.kind, selected?.id, graph, pathEdges]);

  return (
    <div className="topology-map">
      <div className="view-toolbar">
        <div className="search">
          <input
            id="topology-search"
            type="search"
            placeholder="Search devices (/)"
            aria-label="Search devices"
            value={query}
            onChange={(e) => (setQuery(e.target.value), setShowHits(true))}
            onFocus={() => setShowHits(true)}
            onBlur={() => setTimeout(() => setShowHits(false), 150)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && hits[0]) selectNode(hits[0].id);
              if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
            }}
          />
          {showHits && query && hits.length > 0 && (
            <ul className="search-hits" role="listbox" aria-label="Matching devices">
              {hits.map((h) => (
                <li key={h.id} role="option" aria-selected={selected?.id === h.id} onMouseDown={() => selectNode(h.id)}>
                  {h.name} {h.matched !== h.name && <span className="muted">{h.matched}</span>}
                </li>
              ))}
            </ul>
          )}
          {query && hits.length === 0 && <span className="muted"> no device matches</span>}
        </div>
        <label title="Show only devices within N links of the selected one (+/−)">
          Neighbourhood{' '}
          <select aria-label="Neighbourhood hops" value={hops} onChange={(e) => setParams({ hops: e.target.value === '0' ? null : e.target.value })} disabled={selected?.kind !== 'node'}>
            <option value={0}>all</option>
            {[1, 2, 3, 4, 5].map((h) => (
              <option key={h} value={h}>
                {h} hop{h > 1 ? 's' : ''}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => canvas.current?.fit()} title="Fit to screen (f)">
          Fit
        </button>
        {!geographic &&
          (layout ? (
            <button onClick={() => layout.stop()} title="Stop the layout and keep these positions">
              Stop layout
            </button>
          ) : (
            <button
              onClick={() => {
                forgetPositions(key);
                startLayout();
              }}
              title="Run ForceAtlas2 again (l)"
            >
              Re-layout
            </button>
          ))}
        <span className="muted" data-testid="topology-summary">
          {data.name}: {data.nodes.length.toLocaleString()} devices, {data.links.length.toLocaleString()} links · {geographic ? 'geographic layout' : layout ? 'laying out…' : drawn && !saved ? 'layout from the file' : 'force layout'}
        </span>
      </div>
      <div className="topology-body">
        <TopologyCanvas
          graph={graph}
          theme={theme}
          focus={focus}
          highlightEdges={highlightEdges}
          selected={selected?.kind === 'node' ? selected.id : null}
          handleRef={canvas}
          onHover={setHover}
          onClickNode={(id) => (onPickNode ? onPickNode(id) : setParams({ node: id, link: null }))}
          onClickEdge={(edgeKey) => (onPickLink ? onPickLink(graph.getEdgeAttribute(edgeKey, 'linkId')) : setParams({ link: graph.getEdgeAttribute(edgeKey, 'linkId'), node: null }))}
          onClickStage={() => selected && setParams({ node: null, link: null })}
          onNodeMoved={() => savePositions(key, currentPositions(graph))}
        />
        <TopologyLegend theme={theme} hasLoads={!!loads} />
        {hover && <TopologyTooltip graph={graph} data={data} hover={hover} />}
        {selected && <TopologySidePanel graph={graph} data={data} selection={selected} onClose={() => setParams({ node: null, link: null })} onSelectNode={selectNode} />}
      </div>
    </div>
  );
}
